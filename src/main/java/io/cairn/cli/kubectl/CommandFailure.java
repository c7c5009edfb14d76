package io.cairn.cli.kubectl;

/** A command understood but not carried out: the cluster is missing, the Backup exists, the API server refused. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }
}
