package io.cairn.backup;

import io.cairn.api.v1.BackupMethod;

/** The refusal of a method whose execution has not landed in this version of Cairn yet. */
public final class NotImplemented {

    /** The Event reason and condition reason of the refusal. */
    public static final String REASON = "BackupMethodNotImplemented";

    private NotImplemented() {}

    public static BackupStep.Failed refuse(BackupMethod method) {
        return new BackupStep.Failed(
                REASON, "the " + method.value() + " backup method is not implemented by this version of Cairn yet");
    }
}
