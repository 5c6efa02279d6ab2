package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defects found by driving the CLI as a trader and a hostile user would: each bad input is one line naming the field at
 * fault (the option's own name, not an internal one), exit 2, and nothing is silently misread or written.
 */
class AcceptanceSweepTest {
    /** The repository root: the module directory's parent (or the root itself when the tests run from there). */
    static final Path ROOT = Files.isDirectory(Path.of("docs")) ? Path.of(".") : Path.of("..");
    private static final String CANDLES = ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2023.csv").toString();
    private static final String CANDLES_2025 = ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2025-09_2026-03.csv").toString();
    private static final String OI = ROOT.resolve("samples/oi/BTCUSDT-oi-4h.csv").toString();

    @TempDir
    Path dir;

    static void badInput(CliRun r, String startsWith) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").startsWith(startsWith);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void test_calc_aSizeAboveTheLastTier_namesTheInputGiven_notTheNotionalOrTheLeverage() {
        // the notional is derived: the entry or the qty the user typed is at fault (InputBlameTest has the ranges)
        badInput(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e300", "--qty", "1", "--leverage", "10"),
                "error: entry: 1e300 is outside the allowed range");
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1e12", "--leverage", "10");
        badInput(r, "error: qty: ");
        assertThat(r.err()).contains("largest tier cap");
        // a leverage the tier does not allow is still the leverage's fault
        badInput(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "200"),
                "error: leverage: 200x is above");
    }

    @Test
    void test_recovery_riskOfRuin_badInputs_nameTheOptionsGiven() {
        CliRun risk = CliRun.of("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "200");
        badInput(risk, "error: risk-pct: 200 ");
        assertThat(risk.err()).contains("100");
        badInput(CliRun.of("recovery", "--win-rate", "1", "--payoff", "1.5", "--risk-pct", "2"), "error: win-rate: 1 ");
        badInput(CliRun.of("recovery", "--win-rate", "100", "--payoff", "1.5", "--risk-pct", "2"), "error: win-rate: 100 ");
        badInput(CliRun.of("recovery", "--win-rate", "0", "--payoff", "1.5", "--risk-pct", "2"), "error: win-rate: 0 ");
        assertThat(CliRun.of("recovery", "--win-rate", "45", "--payoff", "1.5", "--risk-pct", "2", "--paths", "100").code()).isZero();
    }

    @Test
    void test_stops_anUnknownSymbol_isRefused_andAKnownOneNamesAndRoundsTheReport() throws Exception {
        badInput(CliRun.of("stops", "--candles", CANDLES, "--side", "long", "--entry", "42314", "--symbol", "FOO"), "error: symbol: unknown symbol FOO");
        CliRun r = CliRun.of("stops", "--candles", CANDLES, "--side", "long", "--entry", "42314", "--symbol", "BTCUSDT");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("BTCUSDT long at 42,314.0,");
    }

    @Test
    void test_liqmap_anUnwritableImage_isOneLineExit2_notAnInternalError() {
        for (String opt : new String[]{"--png", "--svg"}) {
            CliRun r = CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI, opt,
                    dir.resolve("no/such/dir/map").toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("internal error").startsWith("error: " + opt.substring(2) + ": cannot write");
            CliRun d = CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI, opt, dir.toString());
            assertThat(d.code()).as(d.err()).isEqualTo(2);
            assertThat(d.err()).startsWith("error: " + opt.substring(2) + ": ");
        }
    }

    @Test
    void test_portfolio_aDuplicateSubAccountName_namesItsIndexInTheFile() throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{ \"walletBalance\": 5000, \"positions\": [], \"subAccounts\": [ { \"name\": \"core\", \"walletBalance\": 100 },"
                + " { \"name\": \"core\", \"walletBalance\": 100 } ] }");
        badInput(CliRun.of("portfolio", "--account", f.toString()), "error: subAccounts[1].name: 'core' is used twice");
    }

    @Test
    void test_check_liquidationPrice_isTheTickRoundedOneThatSizeAndCalcShow() throws Exception {
        String plan = ROOT.resolve("docs/examples/trader-b.json").toString();
        CliRun c = CliRun.of("check", "--plan", plan, "--json");
        double checkLiq = rule(c.json().get("rules"), "liquidation").get("values").get("liquidationPrice").asDouble();
        double sizeLiq = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "10", "--json").json().get("liquidationPrice").asDouble();
        double calcLiq = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.116", "--leverage", "10",
                "--json").json().get("liquidationPrice").asDouble();
        assertThat(sizeLiq).isEqualTo(54216.9);
        assertThat(checkLiq).isEqualTo(sizeLiq).isEqualTo(calcLiq);
        assertThat(CliRun.of("check", "--plan", plan).out()).contains("liquidation at 54,216.9 (9.64 % from entry)");
    }

    static com.fasterxml.jackson.databind.JsonNode rule(com.fasterxml.jackson.databind.JsonNode rules, String id) {
        for (com.fasterxml.jackson.databind.JsonNode r : rules) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + rules);
    }

    @Test
    void test_replay_anEntryTimeBeforeTheFirstCandle_isRefused_notMovedToTheFirstCandle() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(ROOT.resolve("docs/examples/replay-plan.json"))
                .replace("2023-06-20", "2019-06-20").replace("26528.6", "10000"));
        badInput(CliRun.of("replay", "--candles", CANDLES, "--plan", plan.toString()), "error: plan.entryTime: 2019-06-20T00:00:00Z is before the first candle");
    }

    @Test
    void test_candlesOfAnotherSymbol_areRefused_byCheckReplayAndLiqmap() throws Exception {
        String eth = ROOT.resolve("samples/candles/ETHUSDT-1d-spot-2017-08_2026-01.csv").toString();
        badInput(CliRun.of("check", "--plan", ROOT.resolve("docs/examples/trader-b.json").toString(), "--candles", eth),
                "error: candles: ETHUSDT-1d-spot-2017-08_2026-01.csv holds ETHUSDT candles (by its name), the plan trades BTCUSDT");
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(ROOT.resolve("docs/examples/replay-plan.json")).replace("\"BTCUSDT\"", "\"ETHUSDT\""));
        badInput(CliRun.of("replay", "--candles", CANDLES, "--plan", plan.toString()), "error: candles: BTCUSDT-1h-futures-2023.csv holds BTCUSDT");
        // a file whose name names no symbol is taken as the plan's
        Path anon = dir.resolve("candles.csv");
        Files.copy(Path.of(CANDLES), anon);
        assertThat(CliRun.of("replay", "--candles", anon.toString(), "--plan", ROOT.resolve("docs/examples/replay-plan.json").toString()).code()).isZero();
    }

    @Test
    void test_liqmap_candlesAndOpenInterestThatDoNotOverlap_areRefused() {
        CliRun r = CliRun.of("liqmap", "--candles", CANDLES, "--oi", OI);
        badInput(r, "error: oi: ");
        assertThat(r.err()).contains("overlap");
        assertThat(CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI).code()).isZero();
    }

    @Test
    void test_calc_positionOptionsBesideAnAccountFile_areRefused_notIgnored() {
        String acct = ROOT.resolve("docs/examples/account.json").toString();
        badInput(CliRun.of("calc", "--account", acct, "--symbol", "BTCUSDT"), "error: symbol: ");
        badInput(CliRun.of("calc", "--account", acct, "--leverage", "5"), "error: leverage: ");
        assertThat(CliRun.of("calc", "--account", acct).code()).isZero();
    }

    @Test
    void test_liqmap_pricesAreAtTheTick_lastAndClusterEdges() throws Exception {
        CliRun r = CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI);
        assertThat(r.code()).as(r.err()).isZero();
        // BTCUSDT's tick is 0.1: one decimal, never two
        assertThat(r.out()).contains("(last 70,359.0)");
        java.util.List<String> clusters = r.out().lines().filter(l -> l.matches("\\s+[0-9,.]+–[0-9,.]+\\s.*")).toList();
        assertThat(clusters).isNotEmpty().allSatisfy(l -> assertThat(l.strip()).matches("[0-9,]+\\.[0-9]–[0-9,]+\\.[0-9] .*"));
        for (com.fasterxml.jackson.databind.JsonNode b : CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI, "--json").json().get("buckets")) {
            for (String edge : new String[]{"priceLow", "priceHigh"}) {
                assertThat(new java.math.BigDecimal(b.get(edge).asText()).stripTrailingZeros().scale()).as(b.toString()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void test_simulate_aBlockAsLongAsTheHistory_isRefused_notCappedToOneIdenticalPath() {
        // 8,760 hourly candles are 8,759 returns: a block of 8,759 or more leaves one block start, so every path is the same year
        for (String block : new String[]{"8759", "100000"}) {
            CliRun r = CliRun.of("simulate", "--candles", CANDLES, "--policy", "b", "--paths", "10", "--block-length", block);
            badInput(r, "error: block-length: ");
            assertThat(r.err()).contains("not below the 8,759 bar returns of BTCUSDT-1h-futures-2023.csv").contains("allowed 1 to 8,758");
        }
        String funding = ROOT.resolve("samples/funding/BTCUSDT-funding.csv").toString();
        CliRun f = CliRun.of("simulate", "--candles", CANDLES, "--policy", "b", "--paths", "10", "--funding", funding, "--funding-block-length", "5000");
        badInput(f, "error: funding-block-length: 5,000 is not below the 3,316 funding rates of BTCUSDT-funding.csv");
        CliRun ok = CliRun.of("simulate", "--candles", CANDLES, "--policy", "b", "--paths", "10", "--block-length", "8758");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("warning: only 8,759 bars to bootstrap from in 8,758-bar blocks");
        // the constant funding reads as a number, and a bad equity is named by its option (not the engine's startEquity)
        assertThat(ok.out()).contains("constant 0.0001 per 8h").doesNotContain("1.0E-4");
        badInput(CliRun.of("simulate", "--candles", CANDLES, "--policy", "b", "--paths", "10", "--equity", "0"), "error: equity: 0 must be greater than 0");
    }

    @Test
    void test_openInterestChange_hasOneName_inPlansAndInLiqmap() throws Exception {
        // liqmap wrote oiChangePct/oiZScore while plans read openInterestChangePct: one name, the old one suggests it
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(ROOT.resolve("docs/examples/trader-b.json")).replace("\"riskPct\"", "\"oiChangePct\": 3, \"riskPct\""));
        CliRun r = CliRun.of("check", "--plan", plan.toString());
        badInput(r, "error: oiChangePct: unknown field");
        assertThat(r.err()).contains("did you mean 'openInterestChangePct'");
        com.fasterxml.jackson.databind.JsonNode regimes = CliRun.of("liqmap", "--candles", CANDLES_2025, "--oi", OI, "--json").json().get("regimes");
        assertThat(regimes.has("lastOpenInterestChangePct")).isTrue();
        assertThat(regimes.has("lastOpenInterestZScore")).isTrue();
        assertThat(regimes.get("alerts").get(0).has("openInterestChangePct")).isTrue();
        assertThat(regimes.toString()).doesNotContain("oiChangePct").doesNotContain("oiZScore");
    }

    @Test
    void test_size_aLeverageOrSizeTheTiersRefuse_isNotAnOrderToPlace() throws Exception {
        // no BTCUSDT tier allows 200x: bad input, as calc and the desk say (it used to size it and exit 0)
        badInput(CliRun.of("size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400", "--leverage", "200",
                "--symbol", "BTCUSDT"), "error: leverage: 200x is above every BTCUSDT tier (highest 125x)");
        // 100x is allowed up to 600,000 notional, not for the ~7 M this budget buys; 1e15 equity buys more than the largest cap
        for (String[] equityAndLeverage : new String[][]{{"10000000", "100"}, {"1e15", "10"}}) {
            CliRun r = CliRun.of("size", "--equity", equityAndLeverage[0], "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                    "--leverage", equityAndLeverage[1], "--symbol", "BTCUSDT");
            assertThat(r.code()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).contains("[FAIL] tier:").contains("cannot be placed: above what BTCUSDT's tiers allow at " + equityAndLeverage[1] + "x");
            com.fasterxml.jackson.databind.JsonNode j = CliRun.of("size", "--equity", equityAndLeverage[0], "--risk-pct", "2", "--entry", "60000",
                    "--stop", "58400", "--leverage", equityAndLeverage[1], "--symbol", "BTCUSDT", "--json").json();
            assertThat(j.get("aboveTierLimit").asBoolean()).isTrue();
            assertThat(j.get("belowMinimum").asBoolean()).isFalse();
            // a long's liquidation is below its entry: 1e15 equity printed 108,000 from entry 60,000 (computed off the table)
            assertThat(j.get("liquidationPrice").asDouble()).as(j.toString()).isLessThan(60000);
            // both capped to the largest size the tiers allow at the leverage (10 BTC at 100x; 3,833.333 at 10x)
            assertThat(j.get("cappedToTierLimit").asBoolean()).isTrue();
            assertThat(j.get("qty").asDouble()).isEqualTo(equityAndLeverage[1].equals("100") ? 10 : 3_833.333);
        }
        // the budget's size above the largest tier: capped to the largest the tiers allow at 10x, said on the tier line
        com.fasterxml.jackson.databind.JsonNode capped = CliRun.of("size", "--equity", "1e15", "--risk-pct", "2", "--entry", "60000",
                "--stop", "58400", "--leverage", "10", "--symbol", "BTCUSDT", "--json").json();
        assertThat(capped.get("notional").asDouble()).isGreaterThan(0)
                .isLessThanOrEqualTo(io.perpguard.data.instrument.TierTables.bundled().get("BTCUSDT").tiers().maxNotionalAtLeverage(10));
        CliRun text = CliRun.of("size", "--equity", "1e15", "--risk-pct", "2", "--entry", "60000", "--stop", "58400", "--leverage", "10",
                "--symbol", "BTCUSDT");
        assertThat(text.out()).contains("is above BTCUSDT's largest tier cap").contains("capped to").contains("the largest the tiers allow at 10x");
        assertThat(CliRun.of("size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400", "--leverage", "50",
                "--symbol", "BTCUSDT", "--json").json().get("aboveTierLimit").asBoolean()).isFalse();
    }

    @Test
    void test_aPriceBelowOneTick_isRefusedByEveryCommand_asCalcRefusesIt() throws Exception {
        // BTCUSDT's tick is 0.1: at 0.01 every figure printed as 0.0 (a static mark of 0.0, a size "from 0.1 to stop 0.0")
        String below = "is below one tick (0.1) of BTCUSDT: not a price this contract trades at";
        CliRun funding = CliRun.of("funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--mark", "0.01");
        badInput(funding, "error: mark: 0.01 ");
        assertThat(funding.err()).contains(below);
        badInput(CliRun.of("size", "--equity", "10000", "--risk-pct", "2", "--entry", "0.5", "--stop", "0.01", "--leverage", "10",
                "--symbol", "BTCUSDT"), "error: stop: 0.01 " + below);
        badInput(CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1", "--leverage", "20", "--entry", "0.01"), "error: entry: 0.01 " + below);
        badInput(CliRun.of("stops", "--candles", CANDLES, "--side", "long", "--entry", "0.05", "--symbol", "BTCUSDT"), "error: entry: 0.05 " + below);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(ROOT.resolve("docs/examples/trader-b.json")).replace("\"entryPrice\": 60000, \"stop\": 58400",
                "\"entryPrice\": 0.05, \"stop\": 0.01"));
        badInput(CliRun.of("check", "--plan", plan.toString()), "error: entryPrice: 0.05 " + below);
    }

    @Test
    void test_aMisspelledOptionOrCommand_namesTheNearestOne() {
        badInput(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverag", "10"),
                "error: Unknown options: '--leverag', '10' (did you mean --leverage?)");
        badInput(CliRun.of("kelly", "--winrate", "0.5", "--payoff", "2"), "error: Unknown options: '--winrate', '0.5' (did you mean --win-rate?)");
        badInput(CliRun.of("clac"), "error: Unmatched argument at index 0: 'clac' (did you mean calc?)");
        // nothing near: no guess
        CliRun far = CliRun.of("calc", "--xyzzy", "1");
        badInput(far, "error: Unknown options: '--xyzzy', '1'");
        assertThat(far.err()).doesNotContain("did you mean");
    }

    @Test
    void test_check_aVenueSpellingOfTheSymbol_isReportedByTheContractsName() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, Files.readString(ROOT.resolve("docs/examples/trader-b.json")).replace("\"BTCUSDT\"", "\"btc_usdt\""));
        CliRun r = CliRun.of("check", "--plan", plan.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("BTCUSDT long 60,000.0: WARN");
    }

    @Test
    void test_tiersDownload_aVenueThatRefuses_isOneLine_notAnInternalError() throws Exception {
        com.sun.net.httpserver.HttpServer venue = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        venue.createContext("/", x -> {
            byte[] b = "{\"retCode\":10001,\"retMsg\":\"not found\"}".getBytes();
            x.sendResponseHeaders(404, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        venue.start();
        try {
            CliRun r = CliRun.of("tiers", "download", "--exchange", "bybit", "--data-dir", dir.toString(), "--base-url",
                    "http://127.0.0.1:" + venue.getAddress().getPort());
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("error: tiers download failed: ").endsWith("no table was saved")
                    .doesNotContain("internal error").doesNotContain("please report");
        } finally {
            venue.stop(0);
        }
        badInput(CliRun.of("tiers", "download", "--exchange", "bybit", "--data-dir", dir.toString(), "--base-url", "ftp://example.com"),
                "error: base-url: 'ftp://example.com' is not an http:// or https:// URL");
        badInput(CliRun.of("data", "download", "--symbol", "BTCUSDT", "--interval", "1h", "--from", "2024-01-01", "--to", "2024-01-02",
                "--out", dir.toString(), "--base-url", "ftp://example.com"), "error: base-url: 'ftp://example.com' is not an http:// or https:// URL");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void test_serve_badStartOptions_areRefusedAtStart_inTheOptionsOwnTerms() throws Exception {
        // an unreadable --sim-candles file started the desk anyway and failed every survival request later
        Path binary = dir.resolve("BTCUSDT-1h.csv");
        Files.write(binary, new byte[]{0, 1, 2, (byte) 0xff, 0, 0});
        badInput(CliRun.of("serve", "--port", "0", "--db", "jdbc:h2:mem:qa-sim", "--sim-candles", binary.toString()), "error: candles: ");
        badInput(CliRun.of("serve", "--port", "0", "--db", "jdbc:h2:mem:qa-thr", "--alert-thresholds", "70,50"),
                "error: alert-thresholds: 70, 50: give the levels in ascending order, e.g. 50,70,85");
        badInput(CliRun.of("serve", "--port", "0", "--db", "jdbc:h2:mem:qa-thr2", "--alert-thresholds", "150"),
                "error: alert-thresholds: 150 is outside 0 to 100 %");
        // one range with POST /api/replay's speed (0 to 1,000), named as typed: it allowed 10,000 and said "replaySpeed"
        badInput(CliRun.of("serve", "--port", "0", "--db", "jdbc:h2:mem:qa-speed", "--replay-speed", "5000"),
                "error: replay-speed: 5,000 is outside the allowed range 0 to 1,000");
    }

    @Test
    void test_calcAccount_anAccountPastLiquidation_saysSo_notAPositiveDistance() throws Exception {
        // a cross long whose liquidation price (60,241.0) is above its mark read "+0.40 %" to liquidation
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{\"walletBalance\":0.000001,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.002,"
                + "\"entryPrice\":60000,\"leverage\":10,\"marginMode\":\"cross\"}]}");
        CliRun r = CliRun.of("calc", "--account", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("60,241.0  liquidated").doesNotContain("0.40 %")
                .contains(": the cross positions are liquidated at these marks");
        assertThat(CliRun.of("calc", "--account", ROOT.resolve("docs/examples/account.json").toString()).out()).contains("-30.46 %")
                .doesNotContain("liquidated at these marks");
    }

    @Test
    void test_fundingRatesOfAnotherSymbol_areRefused_byReplaySimulateAndFunding() throws Exception {
        // ETHUSDT's funding was paid by a BTCUSDT replay, simulation and drift without a word
        Path eth = dir.resolve("ETHUSDT-funding.csv");
        Files.copy(ROOT.resolve("samples/funding/BTCUSDT-funding.csv"), eth);
        String refused = "ETHUSDT-funding.csv holds ETHUSDT funding rates (by its name), the plan trades BTCUSDT";
        badInput(CliRun.of("replay", "--candles", CANDLES, "--plan", ROOT.resolve("docs/examples/replay-plan.json").toString(), "--funding",
                eth.toString()), "error: funding: " + refused);
        badInput(CliRun.of("simulate", "--candles", CANDLES, "--policy", "b", "--paths", "10", "--funding", eth.toString()), "error: funding: " + refused);
        badInput(CliRun.of("funding", "--notional", "50000", "--leverage", "10", "--rate", "0.0001", "--history", eth.toString()),
                "error: history: " + refused);
        assertThat(CliRun.of("funding", "--notional", "50000", "--leverage", "10", "--rate", "0.0001", "--history", eth.toString(),
                "--symbol", "ETHUSDT", "--mark", "3000").code()).isZero();
        // another contract of the same asset stands in (docs/sim.md: BTCUSDT's history for BTCUSD_PERP)
        assertThat(io.perpguard.app.SymbolMatch.asset("BTCUSD_PERP")).isEqualTo(io.perpguard.app.SymbolMatch.asset("BTCUSDT")).isEqualTo("BTC");
        assertThat(io.perpguard.app.SymbolMatch.asset("btc-usdt-swap")).isEqualTo(io.perpguard.app.SymbolMatch.asset("XBTUSD"));
    }

    @Test
    void test_calc_anAverageEntryOffTheTick_isShownAsTyped_notRoundedToTheTick() {
        // an averaged entry of 60,000.03 read "60,000.0" beside a notional of 60,000.03
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000.03", "--qty", "1", "--leverage", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("entry / mark          60,000.03 / 60,000.03");
        assertThat(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10").out())
                .contains("entry / mark          60,000.0 / 60,000.0");
    }
}
