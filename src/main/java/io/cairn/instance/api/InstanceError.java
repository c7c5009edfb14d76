package io.cairn.instance.api;

/**
 * The body of every JSON error the instance API answers ({@code {"code": ..., "message": ...}}), with the codes a
 * client acts on.
 */
public record InstanceError(String code, String message) {

    /** {@code POST /pg/backups} (409) while another backup runs. */
    public static final String ANOTHER_BACKUP_IN_PROGRESS = "ANOTHER_BACKUP_IN_PROGRESS";
}
