package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code liqmap} names the market it read and the tier table it used: {@code --symbol ETHUSDT} on BTCUSDT candles was
 * labelled "ETHUSDT liquidation map" at ETHUSDT's tick, as if the candles were ETHUSDT's; open interest of another market
 * than the candles' (both files naming theirs) was priced at the candles' prices without a word.
 */
class LiqmapSymbolsTest {
    private static final String CANDLES = Path.of(Repo.path("samples/candles/BTCUSDT-1h-futures-2025-09_2026-03.csv")).toString();
    private static final String OI = Path.of(Repo.path("samples/oi/BTCUSDT-oi-4h.csv")).toString();

    @Test
    void anotherSymbolsTiers_onTheseCandles_namesBoth() throws Exception {
        CliRun r = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI, "--symbol", "ETHUSDT");
        assertThat(r.exit()).as(r.err()).isZero();
        // the last price at BTCUSDT's tick (70,359.0), not ETHUSDT's (70,359.00)
        assertThat(r.out()).startsWith("BTCUSDT candles with ETHUSDT's tiers: liquidation map at 2026-03-19T20:00:00Z (last 70,359.0)");
        assertThat(r.out()).contains("  warning: symbol: ETHUSDT's tier table stands in for BTCUSDT's: the liquidation distances are "
                + "ETHUSDT's, the prices and open interest BTCUSDT's");
        JsonNode j = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI, "--symbol", "ETHUSDT", "--json").json();
        assertThat(j.get("tierSymbol").asText()).isEqualTo("ETHUSDT");
        assertThat(j.get("candlesSymbol").asText()).isEqualTo("BTCUSDT");
        assertThat(j.get("warnings").toString()).contains("ETHUSDT's tier table stands in for BTCUSDT's");
        // the candles' own tiers: one name, no warning of it
        CliRun own = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI);
        assertThat(own.out()).startsWith("BTCUSDT liquidation map at 2026-03-19T20:00:00Z (last 70,359.0)").doesNotContain("stands in");
        JsonNode oj = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI, "--json").json();
        assertThat(oj.get("candlesSymbol").asText()).isEqualTo("BTCUSDT");
        assertThat(oj.get("tierSymbol").asText()).isEqualTo("BTCUSDT");
    }

    @Test
    void candlesWhoseFileNamesNoSymbol_sayTheTierTableOnly(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("candles.csv"), o = dir.resolve("oi.csv");
        Files.copy(Path.of(CANDLES), c);
        Files.copy(Path.of(OI), o);
        CliRun r = CliRun.of("liqmap", "--candles", c.toString(), "--oi", o.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("BTCUSDT tiers on candles that name no symbol: liquidation map at ");
        assertThat(CliRun.of("liqmap", "--candles", c.toString(), "--oi", o.toString(), "--json").json().get("candlesSymbol").isNull()).isTrue();
    }

    @Test
    void aNotionalOrAMixLeverageTheTiersDoNotHold_namesTheOptionTyped() {
        // they named "notional" and "leverage", options liqmap does not have
        CliRun big = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI, "--account-notional", "1e20");
        assertThat(big.exit()).isEqualTo(2);
        assertThat(big.err()).startsWith("error: account-notional: 100,000,000,000,000,000,000 is above BTCUSDT's largest tier cap ");
        CliRun lev = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI, "--account-notional", "1e8", "--leverage-mix", "100:1");
        assertThat(lev.exit()).isEqualTo(2);
        assertThat(lev.err()).startsWith("error: leverage-mix: 100x is above BTCUSDT's maximum of ").hasLineCount(1);
    }

    @Test
    void openInterestOfAnotherMarket_isRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path eth = dir.resolve("ETHUSDT-oi-4h.csv");
        Files.copy(Path.of(OI), eth);
        CliRun r = CliRun.of("liqmap", "--candles", CANDLES, "--oi", eth.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: oi: the open interest is ETHUSDT's (by its file name or records) but the candles are BTCUSDT's: "
                + "give the candles and the open interest of one market" + System.lineSeparator());
    }
}
