package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether the primary's archiver has a standby backup's end WAL file. */
class WalFilesTest {

    @ParameterizedTest(name = "{0} after archiving {1}: {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "000000010000000000000005, 000000010000000000000005, true",
                "000000010000000000000005, 000000010000000000000006, true",
                "000000010000000000000005, 000000010000000000000004, false",
                "0000000100000000000000FF, 000000010000000100000000, true",
                "000000010000000100000000, 0000000100000000000000FF, false",
                "000000010000000000000005, 000000020000000000000001, true",
                "000000010000000000000005, 000000010000000000000005.00000028.backup, false",
                "000000010000000000000005, 000000010000000000000006.00000028.backup, true",
                "000000010000000000000005, 00000002.history, false",
                "000000010000000000000005, -, false",
            })
    void walFileNamesCompareInWalOrder(String wal, String lastArchived, boolean archived) {
        assertThat(WalFiles.archived(wal, lastArchived)).isEqualTo(archived);
    }
}
