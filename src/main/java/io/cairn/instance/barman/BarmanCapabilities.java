package io.cairn.instance.barman;

import io.cairn.api.v1.DataCompression;
import io.cairn.api.v1.WalCompression;
import java.util.Map;

/**
 * What the installed barman-cloud can do, so a configuration it cannot honour is refused with a clear message
 * instead of an argparse error in the PostgreSQL log (CloudNativePG does the same with its detected capabilities).
 *
 * @param version the barman-cloud version these capabilities describe
 * @param walCompressions the WAL compressions barman-cloud-wal-archive accepts, with their flag; any other value is
 *     refused with the reason in {@link #unsupportedWalCompressions}
 * @param unsupportedWalCompressions why a compression is refused
 * @param dataCompressions the base backup compressions barman-cloud-backup accepts, with their flag
 * @param unsupportedDataCompressions why a base backup compression is refused
 * @param azureDefaultCredential whether {@code --credential default} exists (barman 3.4 has only azure-cli and
 *     managed-identity)
 */
public record BarmanCapabilities(
        String version,
        Map<WalCompression, String> walCompressions,
        Map<WalCompression, String> unsupportedWalCompressions,
        Map<DataCompression, String> dataCompressions,
        Map<DataCompression, String> unsupportedDataCompressions,
        boolean azureDefaultCredential) {

    /**
     * Debian 12's barman-cli-cloud 3.4.0: {@code -z/--gzip}, {@code -j/--bzip2} and {@code --snappy}. Snappy is refused
     * all the same: it needs python-snappy, and Debian's python3-snappy 0.5.3 fails on Python 3.11 (measured:
     * {@code PY_SSIZE_T_CLEAN macro must be defined}), so Cairn does not install it. Base backups the same: without
     * python-snappy, {@code --snappy} leaves a FAILED backup ({@code Missing required python module: python-snappy},
     * measured); 3.4 has no {@code --lz4}.
     */
    public static final BarmanCapabilities BARMAN_3_4 = new BarmanCapabilities(
            "3.4.0",
            Map.of(WalCompression.GZIP, "--gzip", WalCompression.BZIP2, "--bzip2"),
            Map.of(
                    WalCompression.SNAPPY,
                    "snappy needs python-snappy, which is broken with Debian's Python 3.11; " + "use gzip or bzip2",
                    WalCompression.LZ4,
                    "barman-cloud 3.4 has no --lz4 (added in a later Barman); use gzip or bzip2",
                    WalCompression.XZ,
                    "barman-cloud 3.4 has no --xz (added in a later Barman); use gzip or bzip2",
                    WalCompression.ZSTD,
                    "barman-cloud 3.4 has no --zstd (added in a later Barman); use gzip or bzip2"),
            Map.of(DataCompression.GZIP, "--gzip", DataCompression.BZIP2, "--bzip2"),
            Map.of(
                    DataCompression.SNAPPY,
                    "snappy needs python-snappy, which is broken with Debian's Python 3.11; " + "use gzip or bzip2",
                    DataCompression.LZ4,
                    "barman-cloud 3.4 has no --lz4 (added in a later Barman); use gzip or bzip2"),
            false);

    /** The flag for a WAL compression, or a {@link BarmanConfigurationException} saying why there is none. */
    public String walCompressionFlag(WalCompression compression) {
        String flag = walCompressions.get(compression);
        if (flag == null) {
            String reason = unsupportedWalCompressions.getOrDefault(compression, "not supported");
            throw new BarmanConfigurationException("WAL compression " + wireName(compression)
                    + " is not supported by barman-cloud " + version + ": " + reason);
        }
        return flag;
    }

    /** The flag for a base backup compression, or a {@link BarmanConfigurationException} saying why there is none. */
    public String dataCompressionFlag(DataCompression compression) {
        String flag = dataCompressions.get(compression);
        if (flag == null) {
            String reason = unsupportedDataCompressions.getOrDefault(compression, "not supported");
            throw new BarmanConfigurationException(
                    "data compression " + compression.name().toLowerCase(java.util.Locale.ROOT)
                            + " is not supported by barman-cloud " + version + ": " + reason);
        }
        return flag;
    }

    private static String wireName(WalCompression compression) {
        return compression.name().toLowerCase(java.util.Locale.ROOT);
    }
}
