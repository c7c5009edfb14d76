package io.cairn.instance.config;

/** The instance's environment or configuration file is missing something or holds something wrong. */
public class InstanceConfigException extends RuntimeException {

    public InstanceConfigException(String message) {
        super(message);
    }

    public InstanceConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
