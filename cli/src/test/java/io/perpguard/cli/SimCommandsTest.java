package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimCommandsTest {
    static final Path SHARED = Path.of(System.getProperty("perpguard.samples", Repo.path("samples")));
    static final Path BTC_CANDLES = SHARED.resolve("candles/BTCUSDT-1h-futures-2020-01_2024-06.csv.gz");
    static final Path BTC_FUNDING = SHARED.resolve("funding/BTCUSDT-funding.csv");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A seeded random-walk hourly candle file (with header), 0.6 % hourly volatility. */
    Path syntheticCandles(int n) throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        lines.add("open_time,open,high,low,close,volume");
        double close = 30_000;
        long t = 1_672_531_200_000L;
        for (int i = 0; i < n; i++) {
            double open = close;
            close = open * Math.exp(r.nextGaussian() * 0.006);
            double hi = Math.max(open, close) * (1 + Math.abs(r.nextGaussian()) * 0.002);
            double lo = Math.min(open, close) * (1 - Math.abs(r.nextGaussian()) * 0.002);
            lines.add(String.format(Locale.ROOT, "%d,%.2f,%.2f,%.2f,%.2f,1", t + i * 3_600_000L, open, hi, lo, close));
        }
        Path f = dir.resolve("BTCUSDT-1h-synthetic.csv");
        Files.write(f, lines);
        return f;
    }

    /** The last close of a candle CSV written by {@link #syntheticCandles}. */
    static double lastClose(String csv) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(csv));
        return Double.parseDouble(lines.get(lines.size() - 1).split(",")[4]);
    }

    @Test
    void test_funding_json_guideExample_exactFields() throws IOException {
        CliRun r = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--interval", "8h", "--json");
        assertThat(r.code()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("paymentPerInterval").asDouble()).isCloseTo(250, within(1e-9));
        assertThat(j.get("costPerDay").asDouble()).isCloseTo(750, within(1e-9));
        assertThat(j.get("costPerDayPctOfNotional").asDouble()).isCloseTo(0.15, within(1e-12));
        assertThat(j.get("costPerIntervalPctOfMargin").asDouble()).isEqualTo(2.5);
        assertThat(j.get("costPerDayPctOfMargin").asDouble()).isEqualTo(7.5);
        assertThat(j.get("annualizedPctOfNotional").asDouble()).isCloseTo(54.75, within(1e-9));
        // BTCUSDT tier 2: MM = 0.5 % × 500,000 − 50 = 2,450; ⌈(10,000 − 2,450) / 250⌉ = 31
        assertThat(j.get("intervalsToLiquidation").asInt()).isEqualTo(31);
        assertThat(j.get("drift")).hasSize(31);
    }

    @Test
    void test_funding_withHistory_addsStatsAndDrift() throws IOException {
        Path f = dir.resolve("BTCUSDT-funding.csv");
        Files.writeString(f, "funding_time,funding_rate,mark_price\n1667462400000,0.0001,\n1667491200000,0.0003,\n1667520000000,-0.0001,\n1667548800000,0.0001,\n");
        CliRun r = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0001", "--history", f.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode h = r.json().get("history");
        assertThat(h.get("count").asInt()).isEqualTo(4);
        assertThat(h.get("meanRate").asDouble()).isCloseTo(0.0001, within(1e-15));
        assertThat(h.get("positiveShare").asDouble()).isEqualTo(0.75);
        // 4 payments totalling 0.04 % of 500,000 = 200 leave 9,800 of margin
        assertThat(h.get("drift").get("intervalsToLiquidation").isNull()).isTrue();
        assertThat(h.get("drift").get("marginAtEnd").asDouble()).isCloseTo(9_800, within(1e-6));
    }

    @Test
    void test_funding_history_withAShortenedInterval_annualisesWhatWasPaidOverTheSpan_notByTheMedianInterval() throws IOException {
        // the first 96 real BTCUSDT rates of the bundled history, the first 48 settled 8 h apart, the rest hourly (Binance
        // moving the symbol to 1 h): they were paid over 47 × 8 + 48 × 1 h + the 8 h before the first = 432 h, not 96 × 1 h
        // (the median spacing), which overstated the yearly carry 4.5 times
        List<String> real = Files.readAllLines(BTC_FUNDING).subList(1, 97);
        List<String> lines = new ArrayList<>(List.of("funding_time,funding_rate,mark_price"));
        long t = Long.parseLong(real.get(0).split(",")[0]);
        double sum = 0;
        for (int i = 0; i < real.size(); i++) {
            String rate = real.get(i).split(",")[1];
            sum += Double.parseDouble(rate);
            lines.add(t + "," + rate + ",");
            t += (i < 47 ? 8 : 1) * 3_600_000L;
        }
        Path f = dir.resolve("BTCUSDT-funding-shortened.csv");
        Files.write(f, lines);
        CliRun r = run("funding", "--notional", "50000", "--leverage", "10", "--rate", "0.0001", "--history", f.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode h = r.json().get("history");
        assertThat(h.get("intervalHours").asInt()).isEqualTo(1);
        assertThat(h.get("spacingsHours").toString()).isEqualTo("[8,1]");
        assertThat(h.get("spanDays").asDouble()).isCloseTo(432 / 24.0, within(1e-12));
        assertThat(h.get("realizedPctOfNotional").asDouble()).isCloseTo(100 * sum, within(1e-12));
        assertThat(h.get("annualizedPctOfNotional").asDouble()).isCloseTo(100 * sum * 365 * 24 / 432, within(1e-9));
        assertThat(h.get("annualizedPctOfMargin").asDouble()).isCloseTo(10 * 100 * sum * 365 * 24 / 432, within(1e-8));
        // every settlement paid once over the span, as replay pays them: the yearly rate over the span is what was paid
        assertThat(h.get("annualizedPctOfNotional").asDouble() * h.get("spanDays").asDouble() / 365)
                .isCloseTo(h.get("realizedPctOfNotional").asDouble(), within(1e-12));
        CliRun text = run("funding", "--notional", "50000", "--leverage", "10", "--rate", "0.0001", "--history", f.toString());
        assertThat(text.out()).contains(": 96 payments over 18.00 days, every 8h / 1h");
    }

    @Test
    void test_funding_badInterval_oneLineExit2() {
        CliRun r = run("funding", "--notional", "1000", "--leverage", "5", "--rate", "0.0001", "--interval", "8x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: interval:").doesNotContain("\n");
    }

    @Test
    void test_funding_anIntervalTheVenueDoesNotUse_andASizeBelowItsMinimum_areRefusedWithWhatIsAllowed() {
        // 5h was priced ("funding 0.0500 % per 5h"): no venue settles every 5 hours; each venue's own set is named
        String[][] intervals = {
                {"binance", "BTCUSDT", "5h", "1h, 4h or 8h"}, {"binance", "BTCUSDT", "2h", "1h, 4h or 8h"},
                {"okx", "BTC-USDT-SWAP", "3h", "1h, 2h, 4h, 6h or 8h"}, {"bybit", "BTCUSDT", "6h", "1h, 2h, 4h or 8h"}};
        for (String[] c : intervals) {
            CliRun r = run("funding", "--exchange", c[0], "--symbol", c[1], "--notional", "500000", "--leverage", "10", "--rate", "0.0005",
                    "--mark", "60000", "--mmr", "0.004", "--interval", c[2]);
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: interval: " + c[2] + " is not a funding interval of ")
                    .endsWith("use " + c[3]);
        }
        for (String ok : new String[]{"1h", "4h", "8h"}) {
            assertThat(run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--interval", ok).code()).isZero();
        }
        // below the minimum, as calc refuses it: a 5 USDT position was priced, and 0.0015 BTC (off the 0.001 step)
        String[][] sizes = {
                {"--notional", "5", "notional", "5 is below the minimum notional 100 of BTCUSDT"},
                {"--qty", "0.0001", "qty", "0.0001 is below the minimum order quantity 0.001 of BTCUSDT"},
                {"--qty", "0.0015", "qty", "0.0015 is not a multiple of the step size 0.001 of BTCUSDT"},
                {"--qty", "0.001", "qty", "0.001 × 60,000 = 60 is below the minimum notional 100 of BTCUSDT"}};
        for (String[] c : sizes) {
            CliRun r = run("funding", c[0], c[1], "--leverage", "50", "--rate", "0.0005");
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: " + c[2] + ": " + c[3]);
        }
    }

    @Test
    void test_funding_aBadHistoryFile_isBlamedOnHistory_theOptionThatGaveIt() throws IOException {
        // "funding: FILE has no data rows": funding has no --funding option; the file came from --history
        Path empty = dir.resolve("BTCUSDT-funding.csv");
        Files.writeString(empty, "");
        CliRun r = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--history", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: history: ").doesNotContain("\n");
        Path json = dir.resolve("BTCUSDT-funding.json");
        Files.writeString(json, "{}");
        CliRun j = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--history", json.toString());
        assertThat(j.err().strip()).startsWith("error: history: ");
    }

    @Test
    void test_recovery_json_rows() throws IOException {
        CliRun r = run("recovery", "--drawdowns", "50,75", "--json");
        assertThat(r.code()).isZero();
        JsonNode rows = r.json().get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("drawdownPct").asDouble()).isEqualTo(50);
        assertThat(rows.get(0).get("requiredGainPct").asDouble()).isEqualTo(100);
        assertThat(rows.get(1).get("requiredGainPct").asDouble()).isEqualTo(300);
        assertThat(run("recovery", "--drawdowns", "100").code()).isEqualTo(2);
    }

    @Test
    void test_recovery_riskOfRuin_simulatedWithinBounds() throws IOException {
        CliRun r = run("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "4000", "--trades", "3000", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode k = r.json().get("riskOfRuin");
        double se = k.get("simulatedStandardError").asDouble();
        assertThat(k.get("simulatedRuinProbability").asDouble())
                .isBetween(k.get("ruinProbabilityLowerBound").asDouble() - 4 * se, k.get("ruinProbabilityUpperBound").asDouble() + 4 * se);
    }

    @Test
    void ruinPct_meansTheSameLoss_inSimulateAndRecovery() throws IOException {
        // simulate --ruin-pct was the equity left (10 = a 90 % loss), recovery's the loss: one meaning, one line, one help text
        Path c = syntheticCandles(3_000);
        CliRun sim = run("simulate", "--candles", c.toString(), "--policy", "b", "--paths", "20", "--horizon", "10d", "--ruin-pct", "30");
        CliRun rec = run("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "100", "--ruin-pct", "30");
        String line = "  ruin                                equity 30 % below the start (not below a later peak)";
        assertThat(sim.out()).as(sim.err()).contains(line);
        assertThat(rec.out()).as(rec.err()).contains("  ruin             equity 30 % below the start (not below a later peak)");
        assertThat(run("simulate", "--candles", c.toString(), "--policy", "b", "--paths", "20", "--horizon", "10d", "--json").json()
                .get("ruinPct").asDouble()).as("simulate's default: the old floor of 10 %, said as the loss").isEqualTo(90);
        assertThat(run("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "100", "--ruin-pct", "30", "--json")
                .json().get("riskOfRuin").get("ruinPct").asDouble()).isEqualTo(30);
        String simHelp = helpLine(run("simulate", "--help").out()), recHelp = helpLine(run("recovery", "--help").out());
        assertThat(simHelp.replace("(default 90)", "")).isEqualTo(recHelp.replace("(default 50)", ""));
        CliRun bad = run("simulate", "--candles", c.toString(), "--policy", "b", "--ruin-pct", "100");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: ruin-pct: 100 is outside the allowed range 0.0001 to 99.9999");
        assertThat(run("recovery", "--ruin-pct", "0").err().strip()).isEqualTo("error: ruin-pct: 0 is outside the allowed range 0.0001 to 99.9999");
    }

    /** The --ruin-pct line of a --help, its continuation lines joined. */
    static String helpLine(String help) {
        List<String> lines = help.lines().toList();
        int i = 0;
        while (!lines.get(i).strip().startsWith("--ruin-pct")) {
            i++;
        }
        StringBuilder b = new StringBuilder(lines.get(i).strip());
        while (i + 1 < lines.size() && !lines.get(i + 1).strip().startsWith("-")) {
            b.append(' ').append(lines.get(++i).strip());
        }
        return b.toString().replaceAll("\\s+", " ");
    }

    @Test
    void simulate_sharesNear0Or1_areNotRoundedTo0Or100() {
        // B on the real history survives on 99.95 % of the paths: "100.0 %" beside "ruined in all 0.1 %" contradicted itself
        assertThat(Output.share(0.9995, 1)).isEqualTo(">99.9 %");
        assertThat(Output.share(0.0004, 1)).isEqualTo("<0.1 %");
        assertThat(Output.share(0.0005, 1)).isEqualTo("0.1 %");
        assertThat(Output.share(0.999, 1)).isEqualTo("99.9 %");
        assertThat(Output.share(1, 1)).isEqualTo("100.0 %");
        assertThat(Output.share(0, 1)).isEqualTo("0.0 %");
        assertThat(Output.share(0.482, 1)).isEqualTo("48.2 %");
    }

    @Test
    void simulate_horizonOnAMarkedDay_printsThatDayOnce() throws IOException {
        Path c = syntheticCandles(3_000);
        CliRun r = run("simulate", "--candles", c.toString(), "--policy", "b", "--paths", "50", "--horizon", "90d", "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.trim().startsWith("day 90 ")).count()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("day 30 ");
    }

    @Test
    void simulate_andRecovery_stateThe95PercentIntervalOfTheirSimulatedShare() throws IOException {
        // the share of 2,000 paths carries sampling error: about ±1.96 standard errors, said beside it
        String c = BTC_CANDLES.toString();   // Trader A on real BTC: about one path in ten alive after 30 days
        CliRun sim = run("simulate", "--candles", c, "--policy", "a", "--paths", "400", "--horizon", "30d", "--seed", "5", "--json");
        assertThat(sim.code()).as(sim.err()).isZero();
        double s = sim.json().get("survivalAtHorizon").asDouble();
        JsonNode ci = sim.json().get("survivalInterval95");
        assertThat(ci).as("survivalInterval95").isNotNull();
        double se = Math.sqrt(s * (1 - s) / 400);
        assertThat(s).isBetween(ci.get("low").asDouble(), ci.get("high").asDouble());
        assertThat(ci.get("high").asDouble() - ci.get("low").asDouble()).as("about 2 × 1.96 standard errors").isCloseTo(2 * 1.96 * se, within(0.1 * 2 * 1.96 * se));
        assertThat(s).isStrictlyBetween(0.0, 1.0);
        assertThat(run("simulate", "--candles", c, "--policy", "a", "--paths", "400", "--horizon", "30d", "--seed", "5").out())
                .contains("survival 95 % interval").contains("(sampling error of 400 paths, Wilson)");
        CliRun rec = run("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "4000", "--json");
        JsonNode k = rec.json().get("riskOfRuin");
        double p = k.get("simulatedRuinProbability").asDouble(), sep = k.get("simulatedStandardError").asDouble();
        JsonNode ri = k.get("simulatedInterval95");
        assertThat(ri).as("simulatedInterval95").isNotNull();
        assertThat(p - ri.get("low").asDouble()).isCloseTo(1.96 * sep, within(0.05 * 1.96 * sep));
        assertThat(ri.get("high").asDouble() - p).isCloseTo(1.96 * sep, within(0.05 * 1.96 * sep));
        assertThat(run("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "4000").out())
                .contains("95 % interval").doesNotContain("±");
    }

    @Test
    void test_simulate_sameSeedAndThreads_byteIdenticalJson() throws IOException {
        Path c = syntheticCandles(3_000);
        String[] args = {"simulate", "--candles", c.toString(), "--policy", "b", "--paths", "200", "--horizon", "60d", "--seed", "3",
                "--threads", "2", "--block-length", "48", "--json"};
        CliRun a = run(args), b = run(args);
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        JsonNode j = a.json();
        for (String f : List.of("policy", "paths", "horizonDays", "seed", "survivalAtHorizon", "survivalCurve", "terminalEquityPercentiles",
                "maxDrawdownPercentiles", "medianDaysToRuin")) {
            assertThat(j.has(f)).as(f).isTrue();
        }
        assertThat(j.get("survivalCurve")).hasSize(60);
        assertThat(j.get("survivalCurve").get(59).get("survival").asDouble()).isEqualTo(j.get("survivalAtHorizon").asDouble());
        assertThat(j.get("terminalEquityPercentiles").has("p5")).isTrue();
        assertThat(j.get("maxDrawdownPercentiles").has("p95")).isTrue();
        // a different thread count gives the same paths (per-path random streams)
        String[] one = args.clone();
        one[12] = "1";
        assertThat(run(one).json().get("terminalEquityPercentiles")).isEqualTo(j.get("terminalEquityPercentiles"));
    }

    @Test
    void test_simulate_policyFile_andBadPolicy() throws IOException {
        Path c = syntheticCandles(500);
        Path p = dir.resolve("my-policy.json");
        Files.writeString(p, "{\"type\": \"all-in\", \"leverage\": 5}");
        CliRun r = run("simulate", "--candles", c.toString(), "--policy", p.toString(), "--paths", "50", "--horizon", "10d", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("policy").asText()).isEqualTo("my-policy.json");
        assertThat(r.json().get("policyRule").asText()).contains("5x");
        CliRun bad = run("simulate", "--candles", c.toString(), "--policy", "z", "--paths", "10");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: policy:");
    }

    /**
     * A short policy, from the file's "side" or from --side (which overrides the file): the JSON and the first line say
     * short, a short's stop lies above entry; a misspelt side is refused in one line naming the option.
     */
    @Test
    void test_simulate_shortPolicy_fromFileOrSideOption() throws IOException {
        Path c = syntheticCandles(500);
        Path p = dir.resolve("short.json");
        Files.writeString(p, "{\"type\": \"risk\", \"side\": \"short\"}");
        CliRun file = run("simulate", "--candles", c.toString(), "--policy", p.toString(), "--paths", "50", "--horizon", "10d", "--json");
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.json().get("side").asText()).isEqualTo("short");
        assertThat(file.json().get("policyRule").asText()).contains("above entry", "short whenever flat");
        CliRun option = run("simulate", "--candles", c.toString(), "--policy", "b", "--side", "short", "--paths", "50", "--horizon", "10d", "--json");
        assertThat(option.json().get("side").asText()).isEqualTo("short");
        assertThat(option.json().get("terminalEquityPercentiles")).isEqualTo(file.json().get("terminalEquityPercentiles"));
        CliRun longRun = run("simulate", "--candles", c.toString(), "--policy", p.toString(), "--side", "long", "--paths", "50", "--horizon", "10d");
        assertThat(longRun.out()).startsWith("Policy short.json: risk 2% of equity per trade to a stop 2xATR(14) below entry, isolated 10x, long whenever flat");
        CliRun text = run("simulate", "--candles", c.toString(), "--policy", "a", "--side", "short", "--paths", "50", "--horizon", "10d");
        assertThat(text.out()).startsWith("Policy a: all-in: whole equity as isolated margin at 50x, short from the first bar");
        CliRun bad = run("simulate", "--candles", c.toString(), "--policy", "a", "--side", "shrot");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: side: 'shrot' is not a side; use long or short\n");
    }

    /** A position funding never liquidates says why: a short receiving a positive rate receives it (it read "receives or pays nothing"). */
    @Test
    void test_funding_neverLiquidated_saysWhy() {
        CliRun receives = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--side", "short");
        assertThat(receives.code()).as(receives.err()).isZero();
        assertThat(receives.out()).contains("  funding alone never liquidates it at this rate (the position receives 250.00 USDT a payment)");
        CliRun none = run("funding", "--notional", "500000", "--leverage", "50", "--rate", "0");
        assertThat(none.out()).contains("  funding alone never liquidates it at this rate (the position pays nothing)");
    }

    @Test
    void test_simulate_pricesEachVenueByItsRules_inverseInItsCoin_refusesUnknownInOneLine() throws IOException {
        String candles = syntheticCandles(500).toString();
        JsonNode bybit = run("simulate", "--candles", candles, "--policy", "b", "--paths", "10", "--exchange", "bybit", "--mmr", "0.005",
                "--json").json();
        assertThat(bybit.get("exchange").asText()).isEqualTo("bybit");
        assertThat(bybit.get("liquidationTake").asText()).isEqualTo("remaining_margin");
        JsonNode okx = run("simulate", "--candles", candles, "--policy", "b", "--paths", "10", "--exchange", "okx", "--mmr", "0.005",
                "--json").json();
        assertThat(okx.get("liquidationTake").asText()).isEqualTo("taker_fee");
        assertThat(okx.get("liquidationFeePct").asDouble()).isEqualTo(okx.get("takerFeePct").asDouble());
        JsonNode binance = run("simulate", "--candles", candles, "--policy", "b", "--paths", "10", "--json").json();
        assertThat(binance.get("exchange").asText()).isEqualTo("binance");
        assertThat(binance.get("liquidationTake").asText()).isEqualTo("clearance_fee");
        // a coin-margined contract in its coin: equity 10,000 USD's worth of BTC at the last close, the venue's rule named
        CliRun inverse = run("simulate", "--candles", candles, "--policy", "b", "--paths", "10", "--exchange", "binance-coinm",
                "--symbol", "BTCUSD_PERP", "--mmr", "0.005", "--json");
        assertThat(inverse.code()).as(inverse.err()).isEqualTo(0);
        JsonNode coin = inverse.json();
        assertThat(coin.get("exchange").asText()).isEqualTo("binance-coinm");
        assertThat(coin.get("settlementCurrency").asText()).isEqualTo("BTC");
        assertThat(coin.get("liquidationTake").asText()).isEqualTo("clearance_fee");
        assertThat(coin.get("startEquity").asDouble()).isLessThan(1).isEqualTo(10_000 / lastClose(candles));
        assertThat(run("simulate", "--candles", candles, "--policy", "b", "--paths", "10", "--exchange", "binance-coinm",
                "--symbol", "BTCUSD_PERP", "--mmr", "0.005").out()).contains("BTCUSD_PERP by Binance COIN-M rules");
        CliRun unknown = run("simulate", "--candles", candles, "--policy", "b", "--exchange", "bitmex");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: exchange: 'bitmex' is not a known exchange; use binance, binance-coinm, bybit, bybit-uta, okx, xt");
    }

    @Test
    void test_simulate_candlesOfAnotherSymbol_areRefused_theSameAssetsStandInForAnInverseContract_withAWarning() throws IOException {
        // BTCUSDT candles with --symbol ETHUSDT priced BTC's path with ETH's tiers and fees, exit 0 (replay and stops refuse it)
        Path candles = syntheticCandles(500);
        CliRun eth = run("simulate", "--candles", candles.toString(), "--policy", "b", "--paths", "10", "--symbol", "ETHUSDT");
        assertThat(eth.code()).isEqualTo(2);
        assertThat(eth.out()).isEmpty();
        assertThat(eth.err().strip()).isEqualTo("error: candles: BTCUSDT-1h-synthetic.csv holds BTCUSDT candles (by its name), the plan trades "
                + "ETHUSDT: give that symbol's candles (a file whose name names no symbol is taken as the plan's)");
        JsonNode own = run("simulate", "--candles", candles.toString(), "--policy", "b", "--paths", "10", "--symbol", "BTCUSDT", "--json").json();
        assertThat(own.get("warnings").toString()).doesNotContain("stand in");
        JsonNode coin = run("simulate", "--candles", candles.toString(), "--policy", "b", "--paths", "10", "--exchange", "binance-coinm",
                "--symbol", "BTCUSD_PERP", "--mmr", "0.005", "--json").json();
        assertThat(coin.get("warnings").toString()).contains("candles: BTCUSDT candles stand in for BTCUSD_PERP's (same asset, another contract)");
        CliRun coinOtherAsset = run("simulate", "--candles", candles.toString(), "--policy", "b", "--paths", "10", "--exchange", "binance-coinm",
                "--symbol", "ETHUSD_PERP", "--mmr", "0.005");
        assertThat(coinOtherAsset.code()).isEqualTo(2);
        assertThat(coinOtherAsset.err()).startsWith("error: candles: BTCUSDT-1h-synthetic.csv holds BTCUSDT candles").hasLineCount(1);
    }

    @Test
    void test_simulate_realBtcHistory_traderAFarBelowTraderB() throws IOException {
        assertThat(BTC_CANDLES).as("shipped sample data").exists();
        assertThat(BTC_FUNDING).as("shipped sample data").exists();
        JsonNode a = run("simulate", "--candles", BTC_CANDLES.toString(), "--funding", BTC_FUNDING.toString(), "--policy", "a",
                "--paths", "2000", "--horizon", "365d", "--seed", "7", "--json").json();
        JsonNode b = run("simulate", "--candles", BTC_CANDLES.toString(), "--funding", BTC_FUNDING.toString(), "--policy", "b",
                "--paths", "2000", "--horizon", "365d", "--seed", "7", "--json").json();
        double sa = a.get("survivalAtHorizon").asDouble(), sb = b.get("survivalAtHorizon").asDouble();
        System.out.printf("BTCUSDT 1h 2020-01..2024-06, real funding, 2000 paths x 365d, seed 7: one-year survival A %.4f, B %.4f "
                        + "(A median days to ruin %s)%n", sa, sb, a.get("medianDaysToRuin"));
        assertThat(sa).isLessThan(sb / 2);
        assertThat(sb).isGreaterThan(0.5);
    }
}
