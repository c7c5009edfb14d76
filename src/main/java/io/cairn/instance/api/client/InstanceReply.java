package io.cairn.instance.api.client;

/**
 * The answer of one call to an instance API.
 *
 * @param value the body when the call succeeded (2xx), else null
 * @param httpStatus the HTTP status, 0 when the instance could not be reached
 * @param code the error code of a refusal, when the instance gave one
 * @param error what went wrong (the instance's message, or why it could not be reached), null on success
 */
public record InstanceReply<T>(T value, int httpStatus, String code, String error) {

    public static <T> InstanceReply<T> ok(T value) {
        return new InstanceReply<>(value, 200, null, null);
    }

    public static <T> InstanceReply<T> refused(int httpStatus, String code, String error) {
        return new InstanceReply<>(null, httpStatus, code, error);
    }

    public static <T> InstanceReply<T> unreachable(String error) {
        return new InstanceReply<>(null, 0, null, error);
    }

    public boolean succeeded() {
        return value != null;
    }

    public boolean unreachable() {
        return httpStatus == 0;
    }

    public boolean notFound() {
        return httpStatus == 404;
    }
}
