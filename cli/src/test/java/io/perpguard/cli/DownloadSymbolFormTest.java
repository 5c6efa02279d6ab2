package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code data download --symbol ""} said the symbol "is missing" (it was given); a symbol given empty or only spaces is
 * refused as such, with the form a symbol takes, in the desk's words for an empty name (Checks.given), before anything
 * is fetched or written.
 */
class DownloadSymbolFormTest {
    private static final String FORM = "a Binance USDⓈ-M symbol such as BTCUSDT (2 to 30 letters and digits)";

    private static CliRun download(String symbol, Path out) {
        // an unreachable base URL: a request that got past the checks would fail as a download, exit 1, not 2
        return CliRun.of("data", "download", "--symbol", symbol, "--from", "2024-01-01", "--to", "2024-01-02", "--out", out.toString(),
                "--base-url", "http://127.0.0.1:9");
    }

    @Test
    void test_anEmptySymbol_isSaidEmpty_withTheForm(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CliRun r = download("", dir);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: symbol: is empty: " + FORM + System.lineSeparator());
        assertThat(java.nio.file.Files.list(dir)).as("nothing written").isEmpty();
    }

    @Test
    void test_aSymbolOfSpaces_isSaidOnlySpaces_withTheForm(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliRun r = download("   ", dir);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: symbol: is only spaces: " + FORM + System.lineSeparator());
    }

    @Test
    void test_aMalformedSymbol_namesTheSameForm(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliRun r = download("BTC/USDT", dir);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: symbol: 'BTC/USDT' is not " + FORM + System.lineSeparator());
    }
}
