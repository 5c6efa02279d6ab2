package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an adversarial sweep of every command found accepted without a word (session 14): a symbol with a character no
 * venue writes, a negative wallet beside an isolated position, a leverage no tier allows in {@code tiers}, two cascade
 * runs at once, candle volumes and open interest of 1e300. Each is exit 2 and one line now.
 */
class AdversarialSweepTest {
    @TempDir
    Path dir;

    static CliRun calc(String symbol, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("calc", "--symbol", symbol, "--side", "long", "--entry", "60000", "--qty", "0.01",
                "--leverage", "10"));
        a.addAll(List.of(more));
        return CliRun.of(a.toArray(String[]::new));
    }

    /** Every character but letters and digits was dropped: BTCUSDT€, "BTC USDT", BTC;USDT and btcuſdt (ſ upper-cases to S) priced BTCUSDT. */
    @Test
    void test_aSymbolWithACharacterNoVenueWrites_isUnknown_whileVenueSpellingsStillResolve() {
        CliRun plain = calc("BTCUSDT");
        assertThat(plain.exit()).isZero();
        for (String junk : List.of("BTCUSDT€", "BTC USDT", "BTC;USDT", "btcuſdt", "ＢＴＣＵＳＤＴ", "BTCUSDT\u200B")) {
            CliRun r = calc(junk);
            assertThat(r.exit()).as(junk).isEqualTo(2);
            assertThat(r.err()).as(junk).startsWith("error: symbol: unknown symbol ").hasLineCount(1);
        }
        for (String same : List.of("btcusdt", "btc_usdt", "BTC-USDT", "btc/usdt")) {
            CliRun r = calc(same);
            assertThat(r.err()).as(same).isEmpty();
            assertThat(r.out()).as(same).isEqualTo(plain.out());
        }
    }

    @Test
    void test_aNegativeWalletBesideAnIsolatedPosition_isRefused() {
        CliRun r = calc("BTCUSDT", "--wallet", "-5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: wallet: -5 must be 0 or more\n");
        assertThat(calc("BTCUSDT", "--margin-mode", "cross", "--wallet", "5").exit()).isZero();
    }

    /** tiers --leverage 126 priced every size "capped at each tier's maximum"; calc and size refuse a leverage no tier allows. */
    @Test
    void test_tiers_aLeverageNoTierAllows_isRefused_asCalcAndSizeDo() {
        CliRun r = CliRun.of("tiers", "--symbol", "BTCUSDT", "--leverage", "126");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: leverage: 126x is above every BTCUSDT tier (highest 125x)\n");
        assertThat(CliRun.of("tiers", "--symbol", "BTCUSDT", "--leverage", "125").exit()).isZero();
        CliRun oneTier = CliRun.of("tiers", "--exchange", "bybit", "--symbol", "BTCUSDT", "--mmr", "0.01", "--leverage", "101");
        assertThat(oneTier.exit()).as(oneTier.err()).isEqualTo(2);
        assertThat(oneTier.err()).contains("101x is above every BTCUSDT tier").hasLineCount(1);
    }

    /** --scenario X --event Y ran the event and ignored the scenario; --core beside an event was ignored. */
    @Test
    void test_cascade_twoRunsAtOnce_orACoreBesideAnEvent_areRefused() {
        CliRun both = CliRun.of("cascade", "--scenario", "mar-2020", "--event", "mar-2020");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("error: event: cannot be given with --scenario; give one of --scenario, --event, --validate, --fit or "
                + "--list\n");
        CliRun list = CliRun.of("cascade", "--list", "--scenario", "mar-2020");
        assertThat(list.exit()).isEqualTo(2);
        CliRun core = CliRun.of("cascade", "--event", "mar-2020", "--core", "analytic");
        assertThat(core.exit()).isEqualTo(2);
        assertThat(core.err()).startsWith("error: core: needs --scenario").hasLineCount(1);
    }

    /**
     * A candle's volume is bounded by the value it trades (volume × close at most 10¹⁵, InputBounds.MAX_TRADED_VALUE): a
     * volume of 1e300 was read and summed into volume nodes. The bound is inclusive.
     */
    @Test
    void test_aCandleVolumeBeyondTheTradedValueBound_isRefused_namingLineAndColumn() throws Exception {
        Path candles = dir.resolve("BTCUSDT-1h.csv");
        for (String volume : List.of("1e300", "1.0000001e13")) {
            Files.writeString(candles, candles(volume));
            CliRun r = CliRun.of("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100");
            assertThat(r.exit()).as(volume).isEqualTo(2);
            assertThat(r.err()).as(volume).contains(candles.toString()).contains("line 22: volume ")
                    .contains("is outside the allowed range: 0 to 10,000,000,000,000 (a traded value of at most 1,000,000,000,000,000 at close 100)")
                    .hasLineCount(1);
        }
        Files.writeString(candles, candles("1e13"));
        CliRun atTheBound = CliRun.of("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100");
        assertThat(atTheBound.exit()).as(atTheBound.err()).isIn(0, 1);
    }

    private static String candles(String volumeOfRow20) {
        StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
        for (int i = 0; i < 40; i++) {
            csv.append(1_700_000_000_000L + i * 3_600_000L).append(",100,101,99,100,").append(i == 20 ? volumeOfRow20 : "10").append('\n');
        }
        return csv.toString();
    }

    /** Open interest 0 to 10¹⁵ units and its value 0 to 10¹⁵ USD, in CSV and in Binance's JSON (which took a negative too). */
    @Test
    void test_openInterestBeyondItsBounds_isRefused_inCsvAndJson() throws Exception {
        Path root = AcceptanceSweepTest.ROOT;
        String candles = root.resolve("samples/candles/BTCUSDT-1h-futures-2025-09_2026-03.csv").toString();
        List<String> lines = Files.readAllLines(root.resolve("samples/oi/BTCUSDT-oi-4h.csv"));
        String[] cells = lines.get(5).split(",");
        for (String[] bad : new String[][]{{"1e300", cells[2], "open interest 1e300 is outside the allowed range: 0 to 1,000,000,000,000,000 units"},
                {cells[1], "2e15", "open interest value 2,000,000,000,000,000 is outside the allowed range: 0 to 1,000,000,000,000,000"}}) {
            List<String> l = new java.util.ArrayList<>(lines);
            l.set(5, cells[0] + "," + bad[0] + "," + bad[1]);
            Path oi = dir.resolve("BTCUSDT-oi.csv");
            Files.write(oi, l);
            CliRun r = CliRun.of("liqmap", "--candles", candles, "--oi", oi.toString());
            assertThat(r.exit()).as(bad[2]).isEqualTo(2);
            assertThat(r.err()).contains(oi.toString()).contains("line 6: " + bad[2]).hasLineCount(1);
        }
        Path json = dir.resolve("BTCUSDT-oi.json");
        StringBuilder j = new StringBuilder("[");
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",");
            j.append(i > 1 ? "," : "").append("{\"symbol\":\"BTCUSDT\",\"sumOpenInterest\":").append(i == 5 ? "-" + c[1] : c[1])
                    .append(",\"sumOpenInterestValue\":").append(c[2]).append(",\"timestamp\":").append(c[0]).append('}');
        }
        Files.writeString(json, j.append(']'));
        CliRun r = CliRun.of("liqmap", "--candles", candles, "--oi", json.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: oi[4].sumOpenInterest: ").contains(json.toString()).contains("must be 0 or more").hasLineCount(1);
    }
}
