package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal of a header alone is refused where it is read: kelly --journal estimated from no trades and journal import
 * added nothing, both with exit 0 and no word of it.
 */
class EmptyJournalTest {
    @TempDir
    Path dir;

    @Test
    void test_headerOnlyJournal_isRefused_byKellyAndByTheImport() throws Exception {
        Path header = Files.writeString(dir.resolve("june.csv"), "time,symbol,side,qty,price,realizedPnl,fee\n");
        String line = "error: journal: " + header + " has a header and no fills: no trades in it (an export of a period without "
                + "trades, or the wrong file?)\n";
        CliRun kelly = CliRun.of("kelly", "--journal", header.toString());
        assertThat(kelly.exit()).isEqualTo(2);
        assertThat(kelly.err()).isEqualTo(line);
        assertThat(kelly.out()).isEmpty();
        CliRun imp = CliRun.of("journal", "import", header.toString(), "--db", "jdbc:h2:mem:empty-journal");
        assertThat(imp.exit()).isEqualTo(2);
        assertThat(imp.err()).isEqualTo(line);
    }

    @Test
    void test_emptyAndBlankJournals_areRefused() throws Exception {
        for (String text : new String[]{"", "\n\n  \n"}) {
            Path f = Files.writeString(dir.resolve("blank.csv"), text);
            CliRun kelly = CliRun.of("kelly", "--journal", f.toString());
            assertThat(kelly.exit()).isEqualTo(2);
            assertThat(kelly.err()).isEqualTo("error: journal: " + f + " is empty: expected a header line and fills\n");
        }
    }
}
