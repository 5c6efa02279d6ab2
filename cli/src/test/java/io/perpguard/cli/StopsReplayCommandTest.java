package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StopsReplayCommandTest {
    static final Path SHARED = Path.of(System.getProperty("perpguard.samples", Repo.path("samples")));

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static Path btc2023() {
        Path f = SHARED.resolve("candles/BTCUSDT-1h-futures-2023.csv");
        assertThat(f).as("shipped sample data").exists();
        return f;
    }

    /** Wilder ATR(14) recomputed here from the CSV with the textbook loop, independent of io.perpguard.stops. */
    static double wilderAtr(List<String> lines, int lastIndex) {
        double atr = 0, prevClose = 0;
        for (int i = 0; i <= lastIndex; i++) {
            String[] f = lines.get(i + 1).split(",");
            double h = Double.parseDouble(f[2]), l = Double.parseDouble(f[3]), c = Double.parseDouble(f[4]);
            double tr = i == 0 ? h - l : Math.max(h - l, Math.max(Math.abs(h - prevClose), Math.abs(l - prevClose)));
            atr = i < 14 ? atr + tr / 14 : (atr * 13 + tr) / 14;
            prevClose = c;
        }
        return atr;
    }

    @Test
    void test_stops_anEntryFarFromTheLastClose_getsCheckEntryNote() throws IOException {
        // stops said nothing of an entry 10,000 above the market (a mistyped digit); check warns past 10 % of the mark
        Path f = btc2023();
        CliRun far = run("stops", "--candles", f.toString(), "--side", "long", "--entry", "52314");
        assertThat(far.code()).as(far.err()).isZero();
        assertThat(far.out()).contains("entry 52,314 is 23.6 % above the last close 42,314 (more than 10 % away, 41.6 ATRs): check the price");
        CliRun check = run("check", "--plan", Repo.path("docs/examples/trader-b.json"), "--mark", "50000");
        assertThat(check.out()).as(check.code() + " " + check.err()).contains("(more than 10 % away): check the price — a mistyped digit, another symbol's price, or a limit far off");
        // 9 % below is within the rule: no note
        CliRun near = run("stops", "--candles", f.toString(), "--side", "long", "--entry", "38505");
        assertThat(near.code()).as(near.err()).isZero();
        assertThat(near.out()).doesNotContain("check the price");
    }

    @Test
    void test_stops_anEntryAFactorOfFiveFromTheLastClose_isRefused_notPlannedWithANote() throws IOException {
        // 10x the last close (a digit too many) printed stops 380,000 above the market with a warning line, exit 0
        Path f = btc2023();
        CliRun tenfold = run("stops", "--candles", f.toString(), "--side", "long", "--entry", "423140");
        assertThat(tenfold.code()).isEqualTo(2);
        assertThat(tenfold.out()).isEmpty();
        assertThat(tenfold.err()).isEqualTo("error: entry: 423,140 is 900 % above the last close 42,314 (2024-01-01T00:00:00Z): outside "
                + "the allowed range, more than 8,462.8 and less than 211,570 — a mistyped digit or another symbol's price? (stops are placed "
                + "from these candles' ATR and levels)\n");
        CliRun tenth = run("stops", "--candles", f.toString(), "--side", "short", "--entry", "4231.4");
        assertThat(tenth.code()).isEqualTo(2);
        assertThat(tenth.err()).contains("entry: 4,231.4 is 90 % below the last close 42,314");
        // a deep limit at half the price is planned, with the note
        CliRun half = run("stops", "--candles", f.toString(), "--side", "long", "--entry", "21157");
        assertThat(half.code()).as(half.err()).isZero();
        assertThat(half.out()).contains("entry 21,157 is 50 % below the last close 42,314");
    }

    @Test
    void test_stops_aBufferOutOfRange_namesTheOption() {
        // it named core's bufferAtr, which neither the option (--buffer) nor the API body (buffer) is called
        CliRun r = run("stops", "--candles", btc2023().toString(), "--side", "long", "--entry", "42314", "--buffer", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: buffer: -1 is outside the allowed range 0 to 10");
    }

    @Test
    void test_stops_json_contractFields_atrAtLastCandleAndAtTime() throws IOException {
        Path f = btc2023();
        CliRun r = run("stops", "--candles", f.toString(), "--side", "long", "--entry", "42314", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> lines = Files.readAllLines(f);
        double want = wilderAtr(lines, lines.size() - 2);
        assertThat(j.get("atr").asDouble()).isCloseTo(want, within(1e-9 * want));
        assertThat(j.get("atrPeriod").asInt()).isEqualTo(14);
        assertThat(j.get("lastClose").asDouble()).isEqualTo(42314.0);
        assertThat(j.get("warnings").isArray()).isTrue();
        JsonNode atr = j.get("suggestions").get(0);
        assertThat(atr.get("method").asText()).isEqualTo("atr");
        assertThat(atr.get("price").asDouble()).isCloseTo(42314 - 2 * want, within(0.1 + 1e-9));
        for (JsonNode s : j.get("suggestions")) {
            assertThat(s.has("distancePct")).isTrue();
            assertThat(s.has("distanceAtr")).isTrue();
            assertThat(s.get("reason").asText()).isNotBlank();
        }

        // a plan at 05:30 sees the bars closed by then: the last is 04:00-05:00 (close 26,951.3); the 05:00 bar, which
        // falls to 26,777.0 and closes at 26,805.5 at 06:00, has not traded yet (it was used: the plan saw its future)
        CliRun at = run("stops", "--candles", f.toString(), "--side", "short", "--entry", "26800", "--at", "2023-06-20T05:30:00Z", "--json");
        JsonNode ja = new ObjectMapper().readTree(at.out());
        assertThat(ja.get("at").asText()).as("the plan's time: its last bar's close").isEqualTo("2023-06-20T05:00:00Z");
        int idx = 0;
        while (!lines.get(idx + 1).startsWith("1687233600000")) {   // the 04:00 bar
            idx++;
        }
        assertThat(ja.get("lastClose").asDouble()).isEqualTo(Double.parseDouble(lines.get(idx + 1).split(",")[4]));
        assertThat(ja.get("atr").asDouble()).isCloseTo(wilderAtr(lines, idx), within(1e-9 * ja.get("atr").asDouble()));
        assertThat(ja.get("suggestions").get(0).get("price").asDouble()).isGreaterThan(26800);
        CliRun onTheHour = run("stops", "--candles", f.toString(), "--side", "short", "--entry", "26800", "--at", "2023-06-20T05:00:00Z", "--json");
        assertThat(onTheHour.out()).as("05:00 sees what 05:30 sees: the bar opening at 05:00 has not closed").isEqualTo(at.out());
        assertThat(j.get("at").asText()).as("no --at: all bars, planned at the last one's close").isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void test_replay_json_contractFields_onRealCandles() throws IOException {
        Path f = btc2023();
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"symbol":"BTCUSDT","side":"long","entryTime":"2023-06-20T00:00:00Z","entry":"market","stop":26528.6,
                 "leverage":10,"equity":10000,"riskPct":1,"slippageBps":0}
                """);
        CliRun r = run("replay", "--candles", f.toString(), "--plan", plan.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : List.of("trades", "finalEquity", "maxDrawdownPct", "feesPaid", "fundingPaid", "liquidated", "warnings")) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        JsonNode t0 = j.get("trades").get(0);
        for (String k : List.of("entryTime", "exitTime", "side", "qty", "entryPrice", "exitPrice", "exitReason", "rMultiple", "fees", "funding")) {
            assertThat(t0.has(k)).as(k).isTrue();
        }
        assertThat(t0.get("exitReason").asText()).isEqualTo("target-1");
        assertThat(t0.get("exitTime").asText()).isEqualTo("2023-06-20T01:00:00Z");
        assertThat(t0.get("side").asText()).isEqualTo("long");
        assertThat(j.get("trades").get(1).get("exitReason").asText()).isEqualTo("breakeven-stop");
        assertThat(j.get("trades").get(1).get("exitTime").asText()).isEqualTo("2023-06-20T05:00:00Z");
        assertThat(j.get("liquidated").asBoolean()).isFalse();
        // the rest of the position after the 25 % target is 0.306 − 0.076 in whole steps, not 0.22999999999999998
        assertThat(t0.get("qty").asText()).isEqualTo("0.076");
        assertThat(j.get("trades").get(1).get("qty").asText()).isEqualTo("0.23");
    }

    @Test
    void test_replay_aLadderWithTwoTargetsAndATrail_closesWholeSteps() throws IOException {
        // 0.297 − 0.074 − 0.074 left the trailing stop closing 0.14899999999999997 BTC
        JsonNode j = new ObjectMapper().readTree(run("replay", "--candles", btc2023().toString(), "--plan",
                SHARED.resolve("../docs/examples/replay-ladder-trailing.json").toString(), "--json").out());
        assertThat(j.get("trades")).hasSize(3);
        for (JsonNode t : j.get("trades")) {
            double q = t.get("qty").asDouble();
            assertThat(q).as(t.get("qty").asText()).isEqualTo(Math.round(q * 1000) / 1000.0);
        }
        assertThat(j.get("trades").get(2).get("qty").asText()).isEqualTo("0.149");
    }

    @Test
    void test_replay_badPlan_oneLineErrorExit2() throws IOException {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":100,\"stopp\":90,\"leverage\":5,\"equity\":1000,\"riskPct\":1}");
        Path candles = dir.resolve("c.csv");
        Files.writeString(candles, "open_time,open,high,low,close,volume\n1672531200000,100,101,99,100,1\n");
        CliRun r = run("replay", "--candles", candles.toString(), "--plan", plan.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: plan.stopp: unknown field").doesNotContain("\n");
    }

    @Test
    void test_replay_limitEntryOffTheTick_isRefusedWithTheNearestPrices() throws IOException {
        // 100.05 on BTCUSDT's 0.1 tick was filled as given; the exchange refuses the order
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entries\":[{\"price\":100},{\"price\":99.95}],\"stop\":90,"
                + "\"leverage\":5,\"equity\":1000,\"riskPct\":1}");
        Path candles = dir.resolve("c.csv");
        Files.writeString(candles, "open_time,open,high,low,close,volume\n1672531200000,100,101,99,100,1\n");
        CliRun r = run("replay", "--candles", candles.toString(), "--plan", plan.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: plan.entries[1].price: 99.95 is not a multiple of the tick size 0.1 of BTCUSDT (nearest: 99.9 or 100) (in "
                + plan + ")");
    }

    @Test
    void test_stops_atBeforeFirstCandle_isBadInput() throws IOException {
        Path candles = dir.resolve("c.csv");
        Files.writeString(candles, "open_time,open,high,low,close,volume\n1672531200000,100,101,99,100,1\n");
        CliRun r = run("stops", "--candles", candles.toString(), "--side", "long", "--entry", "100", "--at", "2022-01-01");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: at:");
    }

    @Test
    void test_stops_json_volumeNodeLevels_areAtTheTick_asThePointOfControl() throws IOException {
        // values.nodeLow was 41675.238000000005 and values.poc 42739.163 beside pointOfControl 42739.2
        JsonNode j = new ObjectMapper().readTree(run("stops", "--candles", btc2023().toString(), "--side", "long", "--entry", "42314", "--json").out());
        JsonNode node = null;
        for (JsonNode s : j.get("suggestions")) {
            if (s.get("method").asText().equals("volume-node")) {
                node = s.get("values");
            }
        }
        assertThat(node).as(j.toString()).isNotNull();
        for (String k : List.of("nodeLow", "nodeHigh", "nodePeak", "poc")) {
            double v = node.get(k).asDouble();
            assertThat(v * 10).as(k + " " + v).isEqualTo(Math.rint(v * 10), within(1e-6));
        }
        assertThat(node.get("poc").asDouble()).isEqualTo(j.get("pointOfControl").asDouble());
    }

    @Test
    void test_replay_targetsInR_filledAtTheTick() throws IOException {
        // 1R above the ladder's average entry 27,114.9494… was a limit of 27429.89898989899, no price BTCUSDT trades at
        JsonNode j = new ObjectMapper().readTree(run("replay", "--candles", btc2023().toString(), "--plan",
                SHARED.resolve("../docs/examples/replay-ladder-trailing.json").toString(), "--json").out());
        assertThat(j.get("trades").get(0).get("exitReason").asText()).isEqualTo("target-1");
        assertThat(j.get("trades").get(0).get("exitPrice").asDouble()).isEqualTo(27429.9);
        assertThat(j.get("trades").get(1).get("exitPrice").asDouble()).isEqualTo(28059.8);
    }

    @Test
    void test_stops_symbolOtherThanTheCandlesName_isRefused_asReplayRefusesIt() {
        // BTCUSDT candles with --symbol ETHUSDT printed BTC's levels at ETH's tick, exit 0
        CliRun other = run("stops", "--candles", btc2023().toString(), "--side", "long", "--entry", "42000", "--symbol", "ETHUSDT");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).startsWith("error: candles: ").contains("BTCUSDT").contains("ETHUSDT").hasLineCount(1);
        assertThat(run("stops", "--candles", btc2023().toString(), "--side", "long", "--entry", "42000", "--symbol", "btcusdt").exit()).isZero();
    }

    @Test
    void test_replay_xtSizes_printedAtTheStep_notAtThreeDecimals() throws IOException {
        // XT's BTC_USDT counts contracts of 0.0001 BTC: a plan sized 0.1583 BTC was printed "planned 0.158, filled 0.158"
        // and its exit row "0.158" while the JSON and the entry event said 0.1583 (by hand: entry 60,030 after 5 bp, stop fill
        // 59,470.25, XT taker 0.06 % both ways: 631.45 USDT lost per BTC; 100 / 631.45 = 0.15837 BTC = 1,583 whole contracts)
        Path candles = dir.resolve("synthetic.csv");
        Files.writeString(candles, """
                open_time,open,high,low,close,volume
                1700000000000,60000,60100,59900,60000,10
                1700003600000,60000,60100,59900,60050,10
                1700007200000,58500,58700,58000,58200,10
                """);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"symbol": "BTC_USDT", "side": "long", "entry": "market", "stop": 59500, "stopType": "market",
                 "targets": [{"r": 1, "closePct": 50}], "leverage": 5, "equity": 10000, "riskPct": 1, "slippageBps": 5}
                """);
        CliRun r = run("replay", "--candles", candles.toString(), "--plan", plan.toString(), "--exchange", "xt", "--mmr", "0.005");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("planned 0.1583, filled 0.1583 at 60,030.0");
        assertThat(r.out()).containsPattern("stop\\s+0\\.1583\\s+58,470\\.7");
        JsonNode j = new ObjectMapper().readTree(run("replay", "--candles", candles.toString(), "--plan", plan.toString(), "--exchange", "xt",
                "--mmr", "0.005", "--json").out());
        assertThat(j.get("plannedQty").asDouble()).isEqualTo(0.1583);
    }
}
