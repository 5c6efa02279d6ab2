package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A portfolio sub-account's name is shown in every table: a leading newline was trimmed away unseen, now it is refused as the desk refuses it. */
class PortfolioNameTest {
    @TempDir
    Path dir;

    @Test
    void aControlCharacterInASubAccountName_isRefusedInOneLine() throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{\"subAccounts\": [{\"name\": \"\\ndegen\", \"walletBalance\": 100, \"positions\": []}]}");
        CliRun r = CliRun.of("portfolio", "--account", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: subAccounts[0].name: contains a control character (U+000A at position 1); use letters, digits, "
                + "spaces and punctuation");
        assertThat(r.err().lines()).hasSize(1);
    }
}
