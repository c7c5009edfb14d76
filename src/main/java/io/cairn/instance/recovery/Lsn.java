package io.cairn.instance.recovery;

/** A PostgreSQL LSN written {@code X/Y} (two hex numbers of up to 32 bits), as a comparable number. */
final class Lsn {

    private Lsn() {}

    static long parse(String lsn) {
        int slash = lsn.indexOf('/');
        if (slash < 1 || slash == lsn.length() - 1) {
            throw new IllegalArgumentException("not an LSN: " + lsn);
        }
        return (Long.parseLong(lsn.substring(0, slash), 16) << 32) | Long.parseLong(lsn.substring(slash + 1), 16);
    }
}
