package io.cairn.backup.barman;

import java.util.regex.Pattern;

/**
 * WAL file names ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, log, segment, in hex) compare as text in WAL order,
 * within a timeline and across them, so "archived up to" is a string comparison.
 */
final class WalFiles {

    private static final Pattern SEGMENT = Pattern.compile("^[0-9A-F]{24}");

    private WalFiles() {}

    /**
     * Whether {@code wal} is archived, given the archiver's last archived file. PostgreSQL archives segments in
     * order, so everything up to the last archived segment is in. A {@code .backup} file is archived as soon as
     * pg_backup_stop writes it, possibly before its own segment, so it proves only the segments before it; a
     * {@code .history} file proves nothing.
     */
    static boolean archived(String wal, String lastArchived) {
        if (wal == null
                || lastArchived == null
                || !SEGMENT.matcher(lastArchived).find()) {
            return false;
        }
        int order = lastArchived.substring(0, 24).compareTo(wal);
        return lastArchived.length() == 24 ? order >= 0 : order > 0;
    }
}
