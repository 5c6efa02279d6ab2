package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PortfolioCommandTest {
    static final Path CANDLES = Path.of(System.getProperty("perpguard.samples", Repo.path("samples")), "candles");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static final String ONE_BTC = """
            { "walletBalance": 12000, "positions": [ { "symbol": "BTCUSDT", "side": "long", "qty": 1.5, "entryPrice": 64000,
              "leverage": 20, "marginMode": "cross", "positionSide": "both", "markPrice": 63000 } ] }""";

    static final String CORE_AND_DEGEN = """
            { "subAccounts": [
                { "name": "core", "walletBalance": 40000, "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 1, "entryPrice": 95000, "leverage": 3, "markPrice": 100000 } ] },
                { "name": "degen", "walletBalance": 7500, "positions": [
                    { "symbol": "SOLUSDT", "side": "long", "qty": 1000, "entryPrice": 150, "leverage": 20, "markPrice": 150 } ] } ] }""";

    @Test
    void test_portfolio_singleSymbol_liquidationPriceEqualsCalc_andShockIsItsDistance() throws IOException {
        Path f = file("a.json", ONE_BTC);
        CliRun calc = run("calc", "--account", f.toString(), "--json");
        CliRun pf = run("portfolio", "--account", f.toString(), "--json");
        assertThat(pf.exit()).isZero();
        double lc = calc.json().get("positions").get(0).get("liquidationPrice").asDouble();
        JsonNode p = pf.json();
        assertThat(p.get("positions").get(0).get("liquidationPrice").asDouble()).isEqualTo(lc);
        assertThat(p.get("positions").get(0).get("beta").asDouble()).isEqualTo(1.0);
        assertThat(p.get("liquidationShockPct").asDouble()).isCloseTo((lc / 63_000 - 1) * 100, within(0.01));
        assertThat(p.get("marginRatio").asDouble()).isEqualTo(calc.json().get("marginRatio").asDouble());
        assertThat(p.get("subAccounts").get(0).get("name").asText()).isEqualTo("main");
        // no --returns: VaR and correlation null, said in the warnings
        assertThat(p.get("var").get("historical95").isNull()).isTrue();
        assertThat(p.get("var").get("parametric99").isNull()).isTrue();
        assertThat(p.get("correlation").isNull()).isTrue();
        assertThat(p.get("warnings").get(0).asText()).startsWith("no --returns");
        // the hedge of a 1.5 BTC long is a 1.5 BTC short, after which no fall liquidates
        assertThat(p.get("hedge").get("side").asText()).isEqualTo("short");
        assertThat(p.get("hedge").get("qty").asDouble()).isCloseTo(1.5, within(1e-12));
        assertThat(p.get("hedge").get("liquidationShockDownPctAfter").isNull()).isTrue();
    }

    @Test
    void test_portfolio_benchmark_betasAndHedgeAreToIt_andAnUnknownOneIsRefused() throws IOException {
        Path f = file("three.json", """
                { "walletBalance": 30000, "positions": [
                  { "symbol": "BTCUSDT", "side": "long", "qty": 1, "entryPrice": 90000, "leverage": 10, "markPrice": 93888.85 },
                  { "symbol": "ETHUSDT", "side": "long", "qty": 20, "entryPrice": 3100, "leverage": 10, "markPrice": 3242.13 } ] }""");
        JsonNode btc = run("portfolio", "--account", f.toString(), "--returns", CANDLES.toString(), "--json").json();
        JsonNode eth = run("portfolio", "--account", f.toString(), "--returns", CANDLES.toString(), "--benchmark", "ETHUSDT", "--json").json();
        assertThat(btc.get("benchmark").asText()).isEqualTo("BTCUSDT");
        assertThat(eth.get("benchmark").asText()).isEqualTo("ETHUSDT");
        assertThat(eth.get("betas").get("ETHUSDT").asDouble()).isEqualTo(1.0);
        assertThat(eth.get("betas").get("BTCUSDT").asDouble()).isLessThan(0.9);
        assertThat(eth.get("hedge").get("symbol").asText()).isEqualTo("ETHUSDT");
        assertThat(btc.get("hedge").get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(eth.get("betaWeightedDeltaUsd").asDouble()).isNotCloseTo(btc.get("betaWeightedDeltaUsd").asDouble(), within(1.0));
        CliRun text = run("portfolio", "--account", f.toString(), "--returns", CANDLES.toString(), "--benchmark", "ETHUSDT");
        assertThat(text.out()).contains("ETH-beta-weighted delta").contains("min-variance ETH hedge").doesNotContain("BTC-beta");

        CliRun bad = run("portfolio", "--account", f.toString(), "--benchmark", "NOPEUSDT");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("benchmark").contains("NOPEUSDT");
        Path plan = file("plan.json", """
                {"symbol": "BTCUSDT", "side": "long", "entryPrice": 60000, "stop": 58400, "stopMethod": "structure", "targets": [64000], "leverage": 10, "equity": 10000, "riskPct": 1}""");
        CliRun badCheck = run("check", "--plan", plan.toString(), "--benchmark", "NOPEUSDT");
        assertThat(badCheck.exit()).isEqualTo(2);
        assertThat(badCheck.err()).contains("benchmark");
    }

    @Test
    void test_portfolio_benchmarkListedOnTwoVenues_isAcceptedAsAMarket_withoutTheHedge() throws IOException {
        // binance (its saved table adds DOGEUSDT) and bybit both list BTCUSDT: no position can be priced in it, but it is a market
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("tiers"));
        Files.writeString(home.resolve("tiers/binance.json"), "[{\"symbol\":\"DOGEUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":50,"
                + "\"notionalCap\":1000000,\"notionalFloor\":0,\"maintMarginRatio\":0.01,\"cum\":0}]}]");
        Path f = file("two.json", """
                {"exchange": "binance", "walletBalance": 20000, "positions": [
                  {"symbol": "DOGEUSDT", "side": "long", "qty": 100000, "entryPrice": 0.3, "leverage": 10, "marginMode": "cross", "markPrice": 0.31}],
                 "subAccounts": [{"name": "by", "exchange": "bybit", "walletBalance": 5000, "positions": []}]}""");
        String before = System.getProperty("perpguard.home");
        System.setProperty("perpguard.home", home.toString());
        try {
            CliRun r = run("portfolio", "--account", f.toString(), "--mmr", "0.01", "--benchmark", "BTCUSDT", "--json");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.json().get("benchmark").asText()).isEqualTo("BTCUSDT");
            assertThat(r.json().get("betas").get("BTCUSDT").asDouble()).isEqualTo(1.0);
            assertThat(r.json().get("hedge").isNull()).isTrue(); // no one contract to trade it in
            assertThat(run("portfolio", "--account", f.toString(), "--mmr", "0.01", "--benchmark", "btc-usdt", "--json").json()
                    .get("benchmark").asText()).isEqualTo("BTCUSDT");
            CliRun bad = run("portfolio", "--account", f.toString(), "--mmr", "0.01", "--benchmark", "NOPEUSDT");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("benchmark: 'NOPEUSDT' is not a known contract");
        } finally {
            if (before == null) {
                System.clearProperty("perpguard.home");
            } else {
                System.setProperty("perpguard.home", before);
            }
        }
    }

    @Test
    void test_portfolio_shockLiquidatesDegen_reportSaysCoreIsUntouched() throws IOException {
        Path f = file("subs.json", CORE_AND_DEGEN);
        CliRun text = run("portfolio", "--account", f.toString(), "--shock", "BTCUSDT=-10,SOLUSDT=-15");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).containsPattern("degen +margin ratio .* LIQUIDATED \\(SOLUSDT long\\), wallet 7,500 -> 0")
                .containsPattern("core +margin ratio .* not liquidated, wallet untouched \\(40,000\\)");
        JsonNode sc = run("portfolio", "--account", f.toString(), "--shock", "BTCUSDT=-10,SOLUSDT=-15", "--json").json()
                .get("scenarios").get(0);
        assertThat(sc.get("liquidated").toString()).isEqualTo("[\"degen\"]");
        assertThat(sc.get("subAccounts").get(0).get("name").asText()).isEqualTo("core");
        assertThat(sc.get("subAccounts").get(0).get("walletUntouched").asBoolean()).isTrue();
        assertThat(sc.get("subAccounts").get(1).get("walletAfter").asDouble()).isZero();
    }

    @Test
    void test_portfolio_subAccounts_eachHasItsOwnShock_firstOneIsThePortfolios() throws IOException {
        JsonNode p = run("portfolio", "--account", file("subs.json", CORE_AND_DEGEN).toString(), "--json").json();
        JsonNode core = p.get("subAccounts").get(0), degen = p.get("subAccounts").get(1);
        assertThat(degen.get("liquidationShockPct").asDouble()).isGreaterThan(core.get("liquidationShockPct").asDouble());
        assertThat(p.get("liquidationShockPct").asDouble()).isEqualTo(degen.get("liquidationShockPct").asDouble());
        assertThat(p.get("liquidationShock").get("subAccount").asText()).isEqualTo("degen");
        assertThat(p.get("marginRatio").asDouble()).isEqualTo(degen.get("marginRatio").asDouble());
    }

    @Test
    void test_portfolio_badInput_oneLineExit2() throws IOException {
        CliRun dup = run("portfolio", "--account", file("d.json", """
                { "subAccounts": [ { "name": "x", "walletBalance": 1 }, { "name": "x", "walletBalance": 2 } ] }""").toString());
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.err().strip()).doesNotContain("\n").contains("'x' is used twice");
        CliRun spot = run("portfolio", "--account", file("s.json", """
                { "subAccounts": [], "spot": [ { "asset": "BTC", "qty": 2 } ] }""").toString());
        assertThat(spot.exit()).isEqualTo(2);
        assertThat(spot.err()).contains("spot[0].price: is missing");
        CliRun window = run("portfolio", "--account", file("a.json", ONE_BTC).toString(), "--window", "1");
        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).contains("window");
        CliRun shock = run("portfolio", "--account", file("a.json", ONE_BTC).toString(), "--shock", "lots");
        assertThat(shock.exit()).isEqualTo(2);
        assertThat(shock.err()).contains("'lots' is not a percentage");
    }

    @Test
    void test_portfolio_withRealReturns_spotCountsAndIsHedged() throws IOException {
        assertThat(CANDLES).as("shipped sample data").isDirectory();
        Path f = file("spot.json", """
                { "walletBalance": 20000, "positions": [
                    { "symbol": "ETHUSDT", "side": "long", "qty": 10, "entryPrice": 3000, "leverage": 10, "markPrice": 3242.13 } ],
                  "spot": [ { "asset": "BTC", "qty": 2 } ] }""");
        JsonNode p = run("portfolio", "--account", f.toString(), "--returns", CANDLES.toString(), "--window", "180", "--json").json();
        // spot BTC priced at the last daily close (93,888.85) and counted in net delta
        assertThat(p.get("netDeltaUsd").asDouble()).isCloseTo(2 * 93_888.85 + 32_421.3, within(1e-6));
        assertThat(p.get("var").get("days").asInt()).isEqualTo(180);
        assertThat(p.get("var").get("historical99").asDouble()).isGreaterThan(p.get("var").get("historical95").asDouble());
        assertThat(p.get("correlation").get("symbols").size()).isEqualTo(2);
        JsonNode sh = p.get("spotHedges").get(0);
        assertThat(sh.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(sh.get("qty").asDouble()).isEqualTo(2);
        assertThat(sh.get("marginToSurvive").get(1).get("isolatedMargin").asDouble()).isGreaterThan(2 * 93_888.85);
        // the futures hedge neutralises the ETH long only (spot is hedged separately), to the nearest BTCUSDT step (0.001)
        double hedgeQty = p.get("hedge").get("qty").asDouble();
        assertThat(hedgeQty * 93_888.85).isCloseTo(p.get("exposure").get("futuresBetaWeightedDeltaUsd").asDouble(), within(0.0005 * 93_888.85));
        assertThat(hedgeQty * 1000).isEqualTo(Math.rint(hedgeQty * 1000));
        assertThat(p.get("scenarios").size()).isEqualTo(8);
    }

    /** The repository root (the tests run from the module directory or the root). */
    private static final Path ROOT = Files.isDirectory(Path.of("docs")) ? Path.of(".") : Path.of("..");

    @Test
    void test_portfolio_everySuggestedHedgeQty_isAnOrderTheVenueAccepts() throws Exception {
        // 3.0017 BTCUSDT, 48.7421 ETHUSDT and 981.8635 SOLUSDT were suggested: no venue takes them (steps 0.001, 0.001, 1)
        CliRun r = CliRun.of("portfolio", "--account", ROOT.resolve("docs/examples/portfolio-three-longs.json").toString(), "--returns",
                ROOT.resolve("samples/candles").toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode h = r.json().get("hedge");
        java.util.Map<String, Double> step = java.util.Map.of("BTCUSDT", 0.001, "ETHUSDT", 0.001, "SOLUSDT", 1.0);
        java.util.List<double[]> qtys = new java.util.ArrayList<>();
        qtys.add(new double[]{h.get("qty").asDouble(), step.get(h.get("symbol").asText())});
        h.get("steps").forEach(s -> qtys.add(new double[]{s.get("qty").asDouble(), step.get(h.get("symbol").asText())}));
        h.get("alternatives").forEach(a -> qtys.add(new double[]{a.get("qty").asDouble(), step.get(a.get("symbol").asText())}));
        assertThat(qtys).hasSizeGreaterThan(6).allSatisfy(q -> assertThat(Math.abs(q[0] / q[1] - Math.rint(q[0] / q[1]))).as("%s", q[0]).isLessThan(1e-9));
        assertThat(h.get("qty").asDouble()).isEqualTo(3.002);
        String text = CliRun.of("portfolio", "--account", ROOT.resolve("docs/examples/portfolio-three-longs.json").toString(), "--returns",
                ROOT.resolve("samples/candles").toString()).out();
        assertThat(text).contains("Hedge: short 3.002 BTCUSDT").contains("short 48.742 ").contains("short 982 ")
                .contains("    56,219.3  ");   // BTCUSDT's liquidation price at its tick, not 56,219.30
    }

    @Test
    void test_portfolio_aBenchmarkHedgeTheSubAccountCannotTake_isAWarning_notARefusedReport() throws Exception {
        // degen's ETHUSDT short is isolated: the ETH hedge (a short of ~40 ETH at 20x) needs ~7,470 of isolated margin from a
        // 6,000 wallet. It used to refuse the whole report (exit 2, "walletBalance: 6,000 is less than the margin of the
        // isolated positions"); an alternative in the same spot was already a warning
        String account = ROOT.resolve("docs/examples/portfolio-subaccounts.json").toString();
        CliRun r = CliRun.of("portfolio", "--account", account, "--returns", ROOT.resolve("samples/candles").toString(),
                "--benchmark", "ETHUSDT", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode h = r.json().get("hedge");
        assertThat(h.get("symbol").asText()).isEqualTo("ETHUSDT");
        assertThat(h.get("subAccount").asText()).isEqualTo("degen");
        assertThat(h.get("placeable").asBoolean()).isFalse();
        assertThat(h.get("liquidationShockPctAfter").isNull()).isTrue();
        // 25, 50 and 75 % of it fit the wallet (each with its move), the whole of it does not
        assertThat(h.get("steps")).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(h.get("steps").get(i).get("placeable").asBoolean()).isTrue();
            assertThat(h.get("steps").get(i).get("liquidationShockPctAfter").isNumber()).isTrue();
        }
        assertThat(h.get("steps").get(3).get("placeable").asBoolean()).isFalse();
        assertThat(h.get("steps").get(3).get("liquidationShockPctAfter").isNull()).isTrue();
        java.util.List<String> notes = new java.util.ArrayList<>();
        r.json().get("warnings").forEach(w -> notes.add(w.asText()));
        assertThat(notes.stream().filter(w -> w.startsWith("hedge with ETHUSDT in 'degen' cannot be placed: walletBalance: 6,000"))).hasSize(1);
        // the VaR and the liquidating move are still reported
        assertThat(r.json().get("var").get("historical99").asDouble()).isPositive();
        assertThat(r.json().get("liquidationShockPct").isNull()).isFalse();
        String text = CliRun.of("portfolio", "--account", account, "--returns", ROOT.resolve("samples/candles").toString(),
                "--benchmark", "ETHUSDT").out();
        assertThat(text).contains("Hedge: short ").contains("100 % of it (").contains("cannot be placed (see warnings)");
        // a placeable hedge says so
        JsonNode btc = CliRun.of("portfolio", "--account", account, "--returns", ROOT.resolve("samples/candles").toString(), "--json").json();
        assertThat(btc.get("hedge").get("placeable").asBoolean()).isTrue();
        assertThat(btc.get("hedge").get("steps").get(0).get("placeable").asBoolean()).isTrue();
    }

    /** A USDⓈ-M account and a COIN-M one (1 BTC behind 600 BTCUSD_PERP contracts = 60,000 USD long at 60,000). */
    static final String USDM_AND_COINM = """
            { "exchange": "binance", "walletBalance": 10000,
              "positions": [ { "symbol": "BTCUSDT", "side": "long", "qty": 0.5, "entryPrice": 60000, "leverage": 10, "markPrice": 60000 } ],
              "subAccounts": [ { "name": "coinm", "exchange": "binance-coinm", "walletBalance": 1,
                "positions": [ { "symbol": "BTCUSD_PERP", "side": "long", "contracts": 600, "entryPrice": 60000, "leverage": 10,
                                 "markPrice": 60000 } ] } ] }""";

    @Test
    void test_portfolio_coinMarginedBesideUsdm_oneUsdView() throws IOException {
        Path f = file("mixed.json", USDM_AND_COINM);
        CliRun pf = run("portfolio", "--account", f.toString(), "--mmr", "0.005", "--returns", CANDLES.toString(), "--json");
        assertThat(pf.exit()).as(pf.err()).isZero();
        JsonNode j = pf.json();
        JsonNode cm = j.get("positions").get(1);
        // the face is the USD exposure: 600 contracts × 100 USD
        assertThat(cm.get("contracts").asDouble()).isEqualTo(600);
        assertThat(cm.get("notional").asDouble()).isCloseTo(60_000, within(1e-6));
        // Binance COIN-M, one tier MMR 0.5 %: 1 + 60,000/60,000 − 60,000/P = 60,000·0.005/P → P = 60,300 / 2 = 30,150
        assertThat(cm.get("liquidationPrice").asDouble()).isEqualTo(30_150.0);
        JsonNode sub = j.get("subAccounts").get(1);
        assertThat(sub.get("currency").asText()).isEqualTo("BTC");
        assertThat(sub.get("equityUsd").asDouble()).isCloseTo(60_000, within(1e-6));
        assertThat(sub.get("liquidationShockDownPct").asDouble()).isCloseTo((30_150 / 60_000.0 - 1) * 100, within(1e-6));
        // USDⓈ-M, one tier: LP = (10,000 − 0.5·60,000) / (0.5·0.005 − 0.5) = 40,201.005: the main account goes first
        assertThat(j.get("liquidationShock").get("subAccount").asText()).isEqualTo("main");
        assertThat(j.get("liquidationShockPct").asDouble()).isCloseTo((20_000 / 0.4975 / 60_000 - 1) * 100, within(1e-6));
        // the coin wallet is a long of BTC: 30,000 (linear) + 60,000 (face) + 60,000 (1 BTC of margin) = 150,000 USD of delta
        assertThat(j.get("exposure").get("coinMarginValue").asDouble()).isCloseTo(60_000, within(1e-6));
        assertThat(j.get("netDeltaUsd").asDouble()).isCloseTo(150_000, within(1e-6));
        // VaR of 150,000 USD of BTC delta on BTCUSDT's returns (standing in for BTCUSD_PERP's): docs/portfolio.md's awk
        // reproduction gives 3,303.6144897951726 USD of VaR95 for 1 BTC marked at 93,888.85
        assertThat(j.get("var").get("historical95").asDouble()).isCloseTo(150_000 * 3303.6144897951726 / 93_888.85, within(1e-6));
        assertThat(j.get("warnings").toString()).contains("BTCUSDT daily candles stand in for BTCUSD_PERP");
        // a −10 % day: linear −3,000; the coin account's USD equity P·W + Q·(P/EP − 1): 60,000 → 48,000
        CliRun shock = run("portfolio", "--account", f.toString(), "--mmr", "0.005", "--shock", "-10", "--json");
        JsonNode sc = shock.json().get("scenarios").get(0);
        assertThat(sc.get("totalPnl").asDouble()).isCloseTo(-15_000, within(1e-6));
    }

    @Test
    void test_portfolio_twoCoinsInOneCoinWallet_refusedInOneLine() throws IOException {
        Path f = file("two.json", """
                { "exchange": "binance-coinm", "walletBalance": 1, "positions": [
                  { "symbol": "BTCUSD_PERP", "side": "long", "contracts": 10, "entryPrice": 60000, "leverage": 10 },
                  { "symbol": "ETHUSD_PERP", "side": "long", "contracts": 10, "entryPrice": 3000, "leverage": 10 } ] }""");
        CliRun r = run("portfolio", "--account", f.toString(), "--mmr", "0.005");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: positions: sub-account 'main' holds BTCUSD_PERP (settled in BTC) and ETHUSD_PERP "
                + "(settled in ETH): one wallet holds one currency; put each coin's positions in a sub-account of its own");
    }
}
