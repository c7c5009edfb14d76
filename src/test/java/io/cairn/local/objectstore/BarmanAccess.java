package io.cairn.local.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param secretData the Secret {@link #SECRET} the credentials refer to: each key and its value
 * @param secrets the values in there that must never show in a log, an Event, a status or a command line
 */
public record BarmanAccess(
        String name,
        Map<String, Object> credentials,
        Map<String, String> environment,
        Map<String, String> secretData,
        List<String> secrets) {

    /** The name of every Secret the {@link #credentials} refer to (the instance manager never reads them). */
    public static final String SECRET = "store";

    public BarmanAccess {
        credentials = Map.copyOf(credentials);
        environment = Map.copyOf(environment);
        secretData = Map.copyOf(secretData);
        secrets = List.copyOf(secrets);
    }

    /** A {@code SecretKeySelector} of the Secret {@link #SECRET}. */
    public static Map<String, String> secretKey(String key) {
        return Map.of("name", SECRET, "key", key);
    }

    /** {@link #credentials} whose Secret references name {@code secret} instead of {@link #SECRET}. */
    public Map<String, Object> credentialsNaming(String secret) {
        return renamed(credentials, secret);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> renamed(Map<String, ?> fields, String secret) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((field, value) -> copy.put(
                field,
                value instanceof Map<?, ?> nested
                        ? renamed((Map<String, ?>) nested, secret)
                        : field.equals("name") && SECRET.equals(value) ? secret : value));
        return copy;
    }

    /** A file's text, e.g. a CA or a service-account JSON, as a Secret holds it. */
    public static String fileText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This access with one key of its Secret replaced (or added), e.g. another CA. */
    public BarmanAccess withSecretKey(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(secretData);
        changed.put(key, value);
        return new BarmanAccess(name, credentials, environment, changed, secrets);
    }

    /** This access with one variable of the environment replaced (or added), e.g. a wrong key. */
    public BarmanAccess withEnvironment(String variable, String value) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.put(variable, value);
        return new BarmanAccess(name, credentials, changed, secretData, secrets);
    }
}
