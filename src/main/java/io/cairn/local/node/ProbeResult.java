package io.cairn.local.node;

/** The outcome of one probe check, with what went wrong when it failed. */
record ProbeResult(boolean success, String message) {

    static ProbeResult ok() {
        return new ProbeResult(true, "");
    }

    static ProbeResult failed(String message) {
        return new ProbeResult(false, message);
    }
}
