package io.cairn.local.objectstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way of giving barman-cloud access to a store, in the two halves a Cluster has: the credentials part of its
 * {@code barmanObjectStore} ({@code s3Credentials}, {@code azureCredentials} or {@code googleCredentials}, and
 * {@code endpointCA}), whose Secret references name Secrets {@link #SECRET}, and the environment a pod gets from those
 * Secrets (the instance manager passes it to barman-cloud untouched).
 *
 * @param name a short name for test output, e.g. {@code connectionString}
 * @param credentials the fields to merge into a {@code barmanObjectStore}, ready for JSON
 * @param environment the variables barman-cloud reads, with the values of the Secrets
 * @param secrets the values in there that must never show in a log, an Event, a status or a command line
 */
public record BarmanAccess(String name, Map<String, Object> credentials, Map<String, String> environment,
        List<String> secrets) {

    /** The name of every Secret the {@link #credentials} refer to (the instance manager never reads them). */
    public static final String SECRET = "store";

    public BarmanAccess {
        credentials = Map.copyOf(credentials);
        environment = Map.copyOf(environment);
        secrets = List.copyOf(secrets);
    }

    /** A {@code SecretKeySelector} of the Secret {@link #SECRET}. */
    public static Map<String, String> secretKey(String key) {
        return Map.of("name", SECRET, "key", key);
    }

    /** This access with one variable of the environment replaced (or added), e.g. a wrong key. */
    public BarmanAccess withEnvironment(String variable, String value) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.put(variable, value);
        return new BarmanAccess(name, credentials, changed, secrets);
    }
}
