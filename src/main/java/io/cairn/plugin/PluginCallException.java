package io.cairn.plugin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A plugin call that failed, or that the plugin cannot take. The message is what CloudNativePG would report for the
 * same failure (a Backup's {@code status.error}, an Event), so a gRPC error reads as Go's
 * {@code rpc error: code = Unknown desc = ...}, prefixed with what was being done.
 */
public final class PluginCallException extends Exception {

    private final Status.Code code;

    public PluginCallException(String message) {
        super(message);
        this.code = null;
    }

    private PluginCallException(String message, Status.Code code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A failed call: {@code doing} says what Cairn was doing ("while calling Backup"), or is empty. */
    static PluginCallException of(String doing, StatusRuntimeException failure) {
        String rpcError = rpcError(failure.getStatus());
        return new PluginCallException(
                doing.isEmpty() ? rpcError : doing + ": " + rpcError,
                failure.getStatus().getCode(),
                failure);
    }

    /** grpc-go's rendering of a status, which is what CloudNativePG's messages contain. */
    static String rpcError(Status status) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        if (status.getCause() != null && description.isEmpty()) {
            description = status.getCause().getMessage();
        }
        return "rpc error: code = " + goCodeName(status.getCode()) + " desc = " + description;
    }

    /** {@code DEADLINE_EXCEEDED} is {@code DeadlineExceeded} in grpc-go; {@code OK} stays {@code OK}. */
    static String goCodeName(Status.Code code) {
        if (code == Status.Code.OK) {
            return "OK";
        }
        return Arrays.stream(code.name().split("_"))
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining());
    }

    /** The gRPC status code of a failed call; null when the plugin was not called (a missing capability). */
    public Status.Code code() {
        return code;
    }

    /** Whether the plugin could not be reached (as opposed to answering with an error). */
    public boolean unreachable() {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }
}
