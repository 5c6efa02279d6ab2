package io.perpguard.cli;

import io.perpguard.Checks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code size}, {@code kelly} and {@code journal} driven as a user would, output captured. */
final class SizingCommandsTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static final String[] TRADER_B = {"size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
            "--leverage", "10", "--symbol", "BTCUSDT", "--json"};

    @Test
    void test_size_json_hasTheContractFields_andTraderBFigures() throws Exception {
        CliRun r = run(TRADER_B);
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        for (String f : new String[]{"qty", "notional", "margin", "lossAtStop", "feesAtStop", "liquidationPrice",
                "stopToLiquidationBuffer", "maxSafeLeverage"}) {
            assertThat(j.get(f).isNumber()).as(f).isTrue();
        }
        assertThat(j.get("warnings").isArray()).isTrue();
        assertThat(j.get("warnings")).isEmpty();
        assertThat(j.get("qty").asDouble()).isBetween(0.10, 0.125);
        assertThat(j.get("lossAtStop").asDouble()).isLessThanOrEqualTo(200);
        assertThat(j.get("feesAtStop").asDouble()).isPositive();
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("qtyBeforeCosts").asDouble()).isEqualTo(0.125);
    }

    @Test
    void test_size_cappedToTheLargestTier_printsTheCappedSizesFigures_andLabelsTheUnusableBudget() throws Exception {
        // 1e15 equity at 10x: the size is capped to 3,833.333 BTC, yet the line said "(12,500,000,000.000 before fees and
        // slippage)" and --json qtyBeforeCosts 1.25e10, qtyUnrounded 1.16e10: figures of a size nobody can place
        String[] args = {"size", "--equity", "1e15", "--risk-pct", "2", "--entry", "60000", "--stop", "58400", "--leverage", "10",
                "--symbol", "BTCUSDT"};
        CliRun text = run(args);
        assertThat(text.exit()).isEqualTo(1);
        String sizeLine = text.out().lines().filter(l -> l.startsWith("  size ")).findFirst().orElseThrow();
        assertThat(sizeLine).startsWith("  size                3,833.333  (")
                .doesNotContain("before fees and slippage").doesNotContain("12,500,000,000")
                .contains("capped to the largest the tiers allow at 10x; the budget's 11,644,352,593.791 is above them and cannot be used");
        assertThat(text.out()).contains("= 11,644,352,593.791174, rounded down to 11,644,352,593.791 (the budget's size; capped to 3,833.333 by the tiers)")
                .doesNotContain("rounded down to 3,833.333");
        String[] json = java.util.Arrays.copyOf(args, args.length + 1);
        json[args.length] = "--json";
        JsonNode j = run(json).json();
        assertThat(j.get("qty").asDouble()).isEqualTo(3833.333);
        assertThat(j.get("qtyBeforeCosts").asDouble()).isEqualTo(3833.333);
        assertThat(j.get("qtyUnrounded").asDouble()).isBetween(3833.333, 3833.334);
        assertThat(j.get("budgetQtyAboveTiers").asDouble()).isEqualTo(11644352593.791);
        // not capped: no budget field, the before-costs size is the budget's
        JsonNode b = run(TRADER_B).json();
        assertThat(b.has("budgetQtyAboveTiers")).isFalse();
        assertThat(run(java.util.Arrays.copyOf(TRADER_B, TRADER_B.length - 1)).out()).contains("0.116  (0.125 before fees and slippage)");
    }

    @Test
    void test_moneyInJson_isAt8Decimals_inSizeAndReplay_asInCalcAndFunding() throws Exception {
        // size said lossAtStop 199.23821280000018, slippageAtStop 6.774400000000169; replay's fees alike
        JsonNode j = run(TRADER_B).json();
        assertThat(j.get("lossAtStop").asText()).isEqualTo("199.2382128");
        assertThat(j.get("slippageAtStop").asText()).isEqualTo("6.7744");
        JsonNode r = run("replay", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--plan", Repo.path("docs/examples/replay-plan.json"),
                "--json").json();
        java.util.List<String> money = new java.util.ArrayList<>();
        for (String f : new String[]{"finalEquity", "feesPaid", "fundingPaid", "riskAmount"}) {
            money.add(r.get(f).asText());
        }
        r.get("trades").forEach(t -> java.util.List.of("fees", "funding", "pnl", "netPnl").forEach(f -> money.add(t.get(f).asText())));
        assertThat(money).hasSize(12).allSatisfy(t -> assertThat(t).matches("-?\\d+(\\.\\d{1,8})?"));
        assertThat(r.get("trades").get(0).get("fees").asText()).isEqualTo("1.43184152");
    }

    @Test
    void test_size_inverseOnEveryVenue_risksCoin_sizesWholeContracts_andSaysTheCurrency() throws Exception {
        // 1 BTC equity, 1 % risk, long 60,000 → stop 58,000 at 10x, one tier of MMR 0.4 %
        String[][] venues = {{"binance-coinm", "BTCUSD_PERP", "100"}, {"bybit", "BTCUSD", "1"}, {"bybit-uta", "BTCUSD", "1"},
                {"okx", "BTC-USD-SWAP", "100"}, {"xt", "btc_usd", "1"}};
        for (String[] v : venues) {
            String[] args = {"size", "--exchange", v[0], "--symbol", v[1], "--equity", "1", "--risk-pct", "1", "--entry", "60000",
                    "--stop", "58000", "--leverage", "10", "--mmr", "0.004"};
            CliRun text = run(args);
            assertThat(text.exit()).as(v[0] + ": " + text.err()).isZero();
            assertThat(text.out()).as(v[0]).contains("risk 0.01000000 BTC (1.00 % of 1.00000000)").contains(" contracts = ")
                    .contains(" BTC  (fees ").contains("OK: every check passed").doesNotContain("USDT");
            JsonNode j = run(append(args, "--json")).json();
            double face = Double.parseDouble(v[2]);
            assertThat(j.get("currency").asText()).isEqualTo("BTC");
            assertThat(j.get("contractType").asText()).isEqualTo("inverse");
            assertThat(j.get("contracts").asDouble()).as(v[0]).isEqualTo(j.get("qty").asDouble() / face).isEqualTo(Math.rint(j.get("contracts").asDouble()));
            // loss at the stop: the inverse PnL to the slipped fill (slippage 0.1 %) plus the fee on the coin notional in and out
            double exit = 58_000 * 0.999, q = j.get("qty").asDouble(), fee = j.get("takerFeePct").asDouble() / 100;
            assertThat(j.get("lossAtStop").asDouble()).as(v[0]).isCloseTo(q * (1 / exit - 1 / 60_000.0) + fee * q * (1 / 60_000.0 + 1 / exit),
                    org.assertj.core.api.Assertions.within(5e-9)).isLessThanOrEqualTo(0.01);   // money leaves at 8 decimals (Money)
            // one more contract would lose more than the budget
            assertThat((q + face) * (1 / exit - 1 / 60_000.0) + fee * (q + face) * (1 / 60_000.0 + 1 / exit)).isGreaterThan(0.01);
            assertThat(j.get("notional").asDouble()).isCloseTo(q / 60_000, org.assertj.core.api.Assertions.within(5e-9));
            assertThat(j.get("liquidationPrice").asDouble()).as(v[0]).isLessThan(58_000 - 0.5 * 2_000);
        }
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    @Test
    void test_size_traderA50x_warnsWithTheSafeLeverage() throws Exception {
        String[] args = TRADER_B.clone();
        args[10] = "50";
        CliRun r = run(args);
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat((60_000 - j.get("liquidationPrice").asDouble()) / 60_000).isLessThan(0.02);
        assertThat(j.get("warnings").get(0).asText()).contains("before the stop").contains("22x");
        assertThat(j.get("maxSafeLeverage").asDouble()).isEqualTo(22);
    }

    @Test
    void test_size_table_showsEveryCheck() {
        CliRun r = run("size", "--equity", "10000", "--risk-amount", "200", "--entry", "60000", "--stop", "58400", "--leverage", "10",
                "--symbol", "BTCUSDT");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("loss at stop").contains("[pass] stopBeforeLiquidation").contains("OK");
    }

    /**
     * OKX and XT count linear orders in contracts: the size line gives them, as calc's header and size --json do, and
     * names the base units beside them (it printed "1,156 contracts = 0.1156  (0.1250 before fees and slippage)", a
     * figure with no unit next to a count of contracts).
     */
    @Test
    void test_size_linearVenueCountingContracts_printsTheContracts() throws Exception {
        for (String[] v : new String[][]{{"xt", "btc_usdt", "1,156 contracts = 0.1156 BTC  (0.1250 BTC before fees and slippage)"},
                {"okx", "BTC-USDT-SWAP", "11.6 contracts = 0.116 BTC  (0.125 BTC before fees and slippage)"}}) {
            String[] args = {"size", "--exchange", v[0], "--symbol", v[1], "--equity", "10000", "--risk-pct", "2", "--entry", "60000",
                    "--stop", "58400", "--leverage", "10", "--mmr", "0.004"};
            CliRun text = run(args);
            assertThat(text.exit()).as(text.err()).isZero();
            String sizeLine = text.out().lines().filter(l -> l.startsWith("  size ")).findFirst().orElseThrow();
            assertThat(sizeLine).as(v[0]).contains(v[2]);
            String[] json = java.util.Arrays.copyOf(args, args.length + 1);
            json[args.length] = "--json";
            assertThat(Checks.fmt(run(json).json().get("contracts").asDouble())).as(v[0]).isEqualTo(v[2].substring(0, v[2].indexOf(" contracts")));
        }
        // Binance USDⓈ-M counts in BTC: no contracts
        assertThat(run(java.util.Arrays.copyOf(TRADER_B, TRADER_B.length - 1)).out()).contains("  size                0.116  (").doesNotContain("contracts");
    }

    @Test
    void test_size_badInput_isOneLineExit2() {
        CliRun both = run("size", "--equity", "10000", "--risk-pct", "2", "--risk-amount", "200", "--entry", "60000", "--stop", "58400",
                "--leverage", "10", "--symbol", "BTCUSDT");
        assertThat(both.exit()).isEqualTo(2);
        CliRun wrongSide = run("size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "10", "--symbol", "BTCUSDT", "--side", "short");
        assertThat(wrongSide.exit()).isEqualTo(2);
        assertThat(wrongSide.err()).startsWith("error: stop:").contains("long stop");
        assertThat(wrongSide.err().lines().count()).isEqualTo(1);
        CliRun stopAtEntry = run("size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "60000",
                "--leverage", "10", "--symbol", "BTCUSDT");
        assertThat(stopAtEntry.exit()).isEqualTo(2);
    }

    @Test
    void test_kelly_json_guideExample() throws Exception {
        CliRun r = run("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--cap", "1", "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("kellyFraction").asDouble()).isEqualTo(0.25);
        assertThat(j.get("fractionalKelly").asDouble()).isEqualTo(0.125);
        assertThat(j.get("recommendedRiskFraction").asDouble()).isEqualTo(0.125);
        assertThat(j.get("winRate").asDouble()).isEqualTo(0.55);
        assertThat(j.get("payoff").asDouble()).isEqualTo(1.5);
    }

    @Test
    void test_kelly_noEdge_saysDoNotTrade() throws Exception {
        JsonNode j = run("kelly", "--win-rate", "0.4", "--payoff", "1.2", "--json").json();
        assertThat(j.get("recommendedRiskFraction").asDouble()).isZero();
        assertThat(j.get("verdict").asText()).startsWith("no edge — do not trade");
    }

    @Test
    void test_kelly_readsTheBetAsRecoveryDoes_winRateFractionOrPercent_payoffBounded() throws Exception {
        // one reader for both commands: 55 is 55 %, the same answer as 0.55; 1 (100 % or 1 %?) is refused, as by recovery
        JsonNode pct = run("kelly", "--win-rate", "55", "--payoff", "1.5", "--json").json();
        JsonNode fraction = run("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--json").json();
        // the same answer; only the percent reading is said so in its warnings
        assertThat(pct.get("warnings").toString()).contains("--win-rate 55 read as a percent");
        assertThat(fraction.get("warnings")).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) pct).remove("warnings");
        ((com.fasterxml.jackson.databind.node.ObjectNode) fraction).remove("warnings");
        assertThat(pct).isEqualTo(fraction);
        assertThat(pct.get("winRate").asDouble()).isEqualTo(0.55);
        for (String command : new String[]{"kelly", "recovery"}) {
            java.util.function.Function<String, CliRun> winRate = w -> command.equals("kelly") ? run(command, "--win-rate", w, "--payoff", "1.5")
                    : run(command, "--win-rate", w, "--payoff", "1.5", "--risk-pct", "2");
            CliRun one = winRate.apply("1");
            assertThat(one.exit()).as(one.err()).isEqualTo(2);
            assertThat(one.err().strip()).startsWith("error: win-rate: 1 is ambiguous (100 % or 1 %)").doesNotContain("\n");
            for (String bad : new String[]{"0", "100", "-0.5", "250"}) {
                CliRun r = winRate.apply(bad);
                assertThat(r.exit()).as(command + " " + bad).isEqualTo(2);
                assertThat(r.err()).startsWith("error: win-rate: ").contains("a fraction over 0 and under 1 (0.55) or a percent over 1 and under 100 (55)");
            }
            // and one payoff rule: beyond 1,000 it is a typing slip for both (recovery took 1e308 and printed a ruin estimate)
            CliRun huge = command.equals("kelly") ? run(command, "--win-rate", "0.45", "--payoff", "1e308")
                    : run(command, "--win-rate", "0.45", "--payoff", "1e308", "--risk-pct", "2");
            assertThat(huge.exit()).as(command).isEqualTo(2);
            assertThat(huge.err()).startsWith("error: payoff: 1e308 is outside the allowed range 0 to 1,000");
        }
    }

    @Test
    void test_kelly_fromJournalFile_hasSampleAndInterval() throws Exception {
        Path f = journal();
        JsonNode j = run("kelly", "--journal", f.toString(), "--json").json();
        assertThat(j.get("sampleSize").asInt()).isEqualTo(40);
        assertThat(j.get("winRate").asDouble()).isEqualTo(0.6);
        // wins net 150 − 2 fees... every trade: win +100 realized −2 fees = 98, loss −50 − 2 = −52
        assertThat(j.get("payoff").asDouble()).isCloseTo(98.0 / 52.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(j.get("interval90").size()).isEqualTo(2);
        assertThat(j.get("interval90").get(0).asDouble()).isLessThan(j.get("kellyFraction").asDouble());
        assertThat(j.get("sampleSufficient").asBoolean()).isFalse();
        assertThat(j.get("warnings").toString()).contains("sample too small");
    }

    @Test
    void test_journal_importTwice_thenKellyFromDb() throws Exception {
        Path f = journal();
        String db = "jdbc:h2:file:" + dir.resolve("j");
        JsonNode first = run("journal", "import", f.toString(), "--db", db, "--json").json();
        assertThat(first.get("fillsAdded").asInt()).isEqualTo(80);
        assertThat(first.get("trades").asInt()).isEqualTo(40);
        JsonNode second = run("journal", "import", f.toString(), "--db", db, "--json").json();
        assertThat(second.get("fillsAdded").asInt()).isZero();
        assertThat(second.get("trades").asInt()).isEqualTo(40);
        JsonNode k = run("kelly", "--db", db, "--json").json();
        assertThat(k.get("sampleSize").asInt()).isEqualTo(40);
        assertThat(k.get("winRate").asDouble()).isEqualTo(0.6);
        CliRun list = run("journal", "list", "--db", db);
        assertThat(list.out()).contains("40 round-trip trades").contains("BTCUSDT");
    }

    @Test
    void test_journal_import_corruptLine_exit2_namesTheLine() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.write(f, List.of("time,symbol,side,qty,price,realizedPnl,fee", "2024-01-01 00:00:00,BTCUSDT,buy,0.1,60000,0,3",
                "2024-01-01 01:00:00,BTCUSDT,sell,0.1,sixty,100,3"));
        CliRun r = run("journal", "import", f.toString(), "--db", "jdbc:h2:file:" + dir.resolve("k"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3");
    }

    /** 40 BTC round trips: 24 wins (+100 realized) and 16 losses (−50), 1 USDT fee on every fill. */
    private Path journal() throws IOException {
        Path f = dir.resolve("journal.csv");
        StringBuilder sb = new StringBuilder("time,symbol,side,qty,price,realizedPnl,fee\n");
        long t = 1_704_067_200_000L;
        for (int i = 0; i < 40; i++) {
            boolean win = i % 5 < 3;
            sb.append(t + i * 3_600_000L).append(",BTCUSDT,buy,0.1,60000,0,1\n");
            sb.append(t + i * 3_600_000L + 1_800_000L).append(",BTCUSDT,sell,0.1,").append(win ? 61000 : 59500).append(',')
                    .append(win ? 100 : -50).append(",1\n");
        }
        Files.writeString(f, sb);
        return f;
    }

    @Test
    void test_kelly_noEdge_saysKellyRisksNothing_notANegativePercentRisked() {
        // it printed "Kelly f*  -0.1667  (-16.67 % of equity risked per trade)"
        CliRun r = CliRun.of("kelly", "--win-rate", "0.3", "--payoff", "1.5");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("-0.1667  (no edge: Kelly risks nothing").doesNotContain("-16.67 %").contains("no edge — do not trade");
    }
}
