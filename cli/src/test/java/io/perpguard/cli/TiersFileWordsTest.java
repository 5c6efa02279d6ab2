package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tiers --tiers FILE} with a file of the wrong format said "tiers: tiers (FILE) is not a tier table ...": the
 * option named twice. The file is named once, after the option ("tiers: FILE is ..."), for every command that takes
 * --tiers and for a file of another venue's tiers.
 */
class TiersFileWordsTest {
    @Test
    void test_aFileOfNoKnownFormat_namesTheOptionOnce(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("t.json"), "{\"a\": 1}");
        CliRun r = CliRun.of("tiers", "--symbol", "BTCUSDT", "--tiers", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: tiers: " + f + " is not a tier table perpguard knows (").hasLineCount(1);
        assertThat(r.err()).doesNotContain("tiers (" + f);
    }

    @Test
    void test_anotherVenuesFile_namesTheOptionOnce(@TempDir Path dir) throws Exception {
        // a Bybit risk-limit response given to a Binance command
        Path f = Files.writeString(dir.resolve("bybit.json"), "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[]}}");
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.1", "--leverage", "10",
                "--tiers", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: tiers: " + f + " is a Bybit risk-limit response, not a Binance USDⓈ-M table")
                .doesNotContain("tiers (" + f).hasLineCount(1);
    }
}
