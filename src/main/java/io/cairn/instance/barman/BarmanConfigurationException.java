package io.cairn.instance.barman;

/** A barmanObjectStore configuration that barman-cloud cannot run; the message says why, for a status condition. */
public class BarmanConfigurationException extends RuntimeException {

    public BarmanConfigurationException(String message) {
        super(message);
    }
}
