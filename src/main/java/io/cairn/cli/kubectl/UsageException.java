package io.cairn.cli.kubectl;

/** The command line cannot be understood: an unknown flag, a missing argument, a value out of its set. Exit 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
