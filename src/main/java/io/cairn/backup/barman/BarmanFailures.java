package io.cairn.backup.barman;

import io.cairn.backup.FailureKind;
import java.util.List;
import java.util.Locale;

/**
 * Whether a failed barman-cloud-backup is worth another attempt, from the message the instance manager reports
 * (barman's {@code ERROR:} lines; botocore's and the cloud SDKs' errors end up there). Permanent signs win over
 * transient ones (a 403 says nothing will change by waiting); a message with neither is permanent, as in
 * CloudNativePG, which never retries. Pure.
 */
final class BarmanFailures {

    /** Refused credentials, missing buckets, bad arguments: the same request fails the same way again. */
    private static final List<String> PERMANENT = List.of(
            "(400)",
            "(401)",
            "(403)",
            "(404)",
            "forbidden",
            "accessdenied",
            "access denied",
            "invalidaccesskeyid",
            "signaturedoesnotmatch",
            "nosuchbucket",
            "does not exist",
            "authorizationfailure",
            "authenticationfailed",
            "invalid arguments",
            "the following arguments are required");

    /** The object store (or the network to it) away, overloaded or slow; the instance manager stopping. */
    private static final List<String> TRANSIENT = List.of(
            "can't connect to cloud provider",
            "could not connect to the endpoint url",
            "endpointconnectionerror",
            "connectionclosederror",
            "connection was closed",
            "connection refused",
            "connection reset",
            "connection aborted",
            "connect timeout",
            "read timeout",
            "timed out",
            "(500)",
            "(502)",
            "(503)",
            "(504)",
            "internalerror",
            "internal server error",
            "serviceunavailable",
            "service unavailable",
            "slowdown",
            "requesttimeout",
            "throttl",
            "interrupted: the instance manager stopped");

    private BarmanFailures() {}

    static FailureKind kind(String error) {
        String message = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (PERMANENT.stream().anyMatch(message::contains)) {
            return FailureKind.PERMANENT;
        }
        return TRANSIENT.stream().anyMatch(message::contains) ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
    }
}
