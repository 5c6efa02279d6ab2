package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalcCommandTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void test_calc_json_hasTheContractFields() throws Exception {
        CliRun r = run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10", "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        for (String f : new String[]{"notional", "initialMargin", "maintenanceMargin", "maintenanceMarginRate", "maintenanceAmount", "tier",
                "maxLeverage", "liquidationPrice", "bankruptcyPrice", "unrealizedPnl", "roe", "marginRatio"}) {
            assertThat(j.has(f)).as(f).isTrue();
            assertThat(j.get(f).isNumber()).as(f).isTrue();
        }
        assertThat(j.get("notional").asDouble()).isEqualTo(60_000);
        assertThat(j.get("initialMargin").asDouble()).isEqualTo(6_000);
        // tier 2: MMR 0.5 %, cum 50; LP = (6000 + 50 − 60000) / (0.005 − 1), rounded up to the 0.1 tick
        double lp = (6_000 + 50 - 60_000) / (0.005 - 1);
        assertThat(j.get("liquidationPrice").asDouble()).isEqualTo(Math.ceil(lp * 10) / 10);
        assertThat(j.get("bankruptcyPrice").asDouble()).isEqualTo(54_000);
    }

    @Test
    void test_calc_table_isReadable() {
        CliRun r = run("calc", "--symbol", "BTCUSDT", "--side", "short", "--entry", "60000", "--notional", "500000", "--leverage", "50");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("liquidation price").contains("bankruptcy price      61,200.0").contains("Binance USDⓈ-M");
    }

    @Test
    void test_calc_okxMaintenanceLabel_namesTheTakerFeeItHolds() {
        // OKX counts the taker fee in the maintenance rate: 6,000 × (0.40 % + 0.05 %) = 27.00, not the 24.00 MMR alone gives
        CliRun okx = run("calc", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--side", "long", "--qty", "0.1", "--entry", "60000",
                "--leverage", "10", "--mmr", "0.004");
        assertThat(okx.exit()).isZero();
        assertThat(okx.out()).contains("maintenance margin    27.00 USDT (MMR 0.40 % + taker fee 0.05 %, amount 0.00)");
        CliRun binance = run("calc", "--symbol", "BTCUSDT", "--side", "long", "--qty", "0.1", "--entry", "60000", "--leverage", "10");
        assertThat(binance.out()).contains("(MMR 0.40 %, amount 0.00)").doesNotContain("taker fee 0.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "calc --symbol BTCUSDT --side long --entry 60000 --qty -1 --leverage 10|qty: -1 must be greater than 0",
            "calc --symbol BTCUSDT --side long --entry NaN --qty 1 --leverage 10|'--entry': 'NaN' is not a finite number",
            "calc --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 1000|maximum of 100x for notional 60,000",
            "calc --symbol BTCUSDT --side sideways --entry 60000 --qty 1 --leverage 10|'sideways' is not a side",
            "calc --symbol NOPEUSDT --side long --entry 60000 --qty 1 --leverage 10|unknown symbol NOPEUSDT",
            "calc --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 10 --margin-mode cross|wallet: cross margin needs",
            "calc --symbol BTCUSDT --side long --entry 60000 --leverage 10|give exactly one of qty",
            "calc --symbol BTCUSDT --side long --entry abc --qty 1 --leverage 10|Invalid value for option '--entry'",
            // COIN-M's last bracket has no cap: the size was blamed on the leverage that bracket allows
            "calc --exchange binance-coinm --symbol BTCUSD_PERP --side long --entry 60000 --contracts 1e18 --leverage 10|contracts: "
                    + "1,000,000,000,000,000,000 is outside the allowed range: more than 0 and at most 10,000,000,000,000 for BTCUSD_PERP "
                    + "(1,000,000,000,000,000 USD of face value; its last tier has no cap)",
            // a coin-margined contract's tiers bound no price from above: 10^15 was priced, exit 0; every contract's prices end at 10^9
            "calc --exchange binance-coinm --symbol BTCUSD_PERP --side long --entry 1e15 --contracts 50 --leverage 20|entry: "
                    + "1,000,000,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSD_PERP",
            "calc --exchange binance-coinm --symbol BTCUSD_PERP --side long --entry 60000 --mark 2e9 --contracts 50 --leverage 20|mark: "
                    + "2,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSD_PERP",
            "size --exchange binance-coinm --symbol BTCUSD_PERP --equity 1 --risk-pct 1 --entry 1e15 --stop 9e14 --side long --leverage 10 "
                    + "--mmr 0.004|entry: 1,000,000,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSD_PERP",
            "funding --exchange binance-coinm --symbol BTCUSD_PERP --contracts 100 --leverage 20 --rate 0.0006 --mark 1e15 --mmr 0.004|"
                    + "mark: 1,000,000,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSD_PERP",
    })
    void test_calc_badInput_oneLineExit2(String spec) {
        String[] parts = spec.split("\\|");
        CliRun r = run(parts[0].split(" "));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(parts[1]).doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void test_calcAccount_crossTwoSymbols() throws Exception {
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, """
                { "walletBalance": 10000,
                  "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 0.5, "entryPrice": 60000, "leverage": 20, "marginMode": "cross",
                      "positionSide": "both", "markPrice": 61000 },
                    { "symbol": "ETHUSDT", "side": "short", "qty": 10, "entryPrice": 3000, "leverage": 20, "markPrice": 3100 } ] }
                """);
        CliRun r = run("calc", "--account", acct.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("positions")).hasSize(2);
        assertThat(j.get("marginBalance").asDouble()).isCloseTo(10_000 + 500 - 1_000, within(1e-9));
        // BTC: tier 1 at mark (30.5k), LP from the Binance cross formula with ETH at mark: TMM₁ = 31,000 × 0.4 %, UPNL₁ = −1,000
        double lp = (10_000 - 124 - 1_000 + 0 - 0.5 * 60_000) / (0.5 * 0.004 - 0.5);
        assertThat(j.get("positions").get(0).get("liquidationPriceExact").asDouble()).isCloseTo(lp, within(1e-6));
        assertThat(j.get("marginRatio").asDouble()).isCloseTo((30_500 * 0.004 + 124) / 9_500, within(1e-12));
    }

    /**
     * Hedge legs in one cross wallet, net long 9 BTC: one liquidation price below the mark for both legs. The short
     * leg read "liquidated" (its side against the level) while the account's margin ratio was 11 %.
     */
    @Test
    void test_calcAccount_hedgeShortLegOfANetLong_isNotLiquidated() throws Exception {
        Path acct = dir.resolve("hedge.json");
        Files.writeString(acct, """
                { "walletBalance": 50000,
                  "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 12, "entryPrice": 60000, "leverage": 10, "marginMode": "cross",
                      "positionSide": "long", "markPrice": 61000 },
                    { "symbol": "BTCUSDT", "side": "short", "qty": 3, "entryPrice": 62000, "leverage": 10, "marginMode": "cross",
                      "positionSide": "short", "markPrice": 61000 } ] }
                """);
        CliRun r = run("calc", "--account", acct.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("liquidated");
        JsonNode j = run("calc", "--account", acct.toString(), "--json").json();
        // both legs: one level, rounded up (the price falls to it)
        assertThat(j.get("positions").get(0).get("liquidationPrice").asDouble())
                .isEqualTo(j.get("positions").get(1).get("liquidationPrice").asDouble());
    }

    /**
     * The hedge legs above share one level, and reaching it costs the wallet one loss: the long's fall net of the short's
     * gain plus the clearance fee on both, at most the margin balance — printed once, each leg's share beside it. Each
     * leg's figure was the loss as if it alone took the wallet (the long the whole balance, the short its fee), and the
     * two summed to more than the wallet holds.
     */
    @Test
    void test_calcAccount_hedgeLegs_lossIfLiquidated_isCountedOnce() throws Exception {
        Path acct = dir.resolve("hedge.json");
        Files.writeString(acct, """
                { "walletBalance": 50000,
                  "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 12, "entryPrice": 60000, "leverage": 10, "marginMode": "cross",
                      "positionSide": "long", "markPrice": 61000 },
                    { "symbol": "BTCUSDT", "side": "short", "qty": 3, "entryPrice": 62000, "leverage": 10, "marginMode": "cross",
                      "positionSide": "short", "markPrice": 61000 } ] }
                """);
        JsonNode j = run("calc", "--account", acct.toString(), "--json").json();
        double balance = j.get("marginBalance").asDouble();
        double sum = j.get("positions").get(0).get("lossIfLiquidated").asDouble() + j.get("positions").get(1).get("lossIfLiquidated").asDouble();
        assertThat(sum).isLessThanOrEqualTo(balance + 1e-6).isCloseTo(balance, within(1e-6));   // the 1.25 % fee takes what the fall leaves
        assertThat(j.get("positions").get(1).get("lossIfLiquidated").asDouble()).isNegative();  // the short gains on the way down
        CliRun r = run("calc", "--account", acct.toString());
        assertThat(r.out()).contains("  BTCUSDT hedge legs share one level, " + String.format(java.util.Locale.ROOT, "%,.1f",
                j.get("positions").get(0).get("liquidationPrice").asDouble()) + ": reached, it costs the wallet 65,000.00 USDT once, incl. clearance fee ");
    }

    /**
     * Binance sets the margin mode per symbol (both hedge legs share it): a cross long leg beside an isolated short leg of
     * one symbol was priced as an account no Binance user can hold. Refused in one line naming the field and what is allowed.
     */
    @Test
    void test_calcAccount_binanceHedgeLegsInTwoMarginModes_isRefused() throws Exception {
        Path acct = dir.resolve("mixed.json");
        Files.writeString(acct, """
                { "walletBalance": 50000,
                  "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 1, "entryPrice": 60000, "leverage": 10, "marginMode": "cross",
                      "positionSide": "long" },
                    { "symbol": "BTCUSDT", "side": "short", "qty": 1, "entryPrice": 60000, "leverage": 10, "marginMode": "isolated",
                      "positionSide": "short" } ] }
                """);
        CliRun r = run("calc", "--account", acct.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: positions[1].marginMode: BTCUSDT's short leg is isolated but its long leg is "
                + "cross: on Binance USDⓈ-M the margin mode is set per symbol and both hedge legs share it; make both legs cross or both isolated");
        assertThat(r.out()).isEmpty();
    }

    /**
     * Bybit's inverse worked example (help 360039261334: 10,000 BTCUSD long at 8,000, balance 0.5 BTC, MMR 0.5 %, fee
     * 0.075 %: bankruptcy 5,718.57, liquidation 5,739.50) from the CLI: no option set the fee, and Bybit's 0.055 % today
     * gives 5,738.0.
     */
    @Test
    void test_calc_bybitInverseExample_atItsTakerFee() {
        String[] args = {"calc", "--exchange", "bybit", "--symbol", "BTCUSD", "--side", "long", "--entry", "8000", "--contracts", "10000",
                "--leverage", "10", "--margin-mode", "cross", "--wallet", "0.5", "--mmr", "0.005", "--taker-fee-pct", "0.075"};
        CliRun r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("  liquidation price     5,739.5  (-28.26 % from mark; rounded toward entry)\n"
                + "  bankruptcy price      5,719.0\n").contains("  opening fee (taker)   0.00093750 BTC\n");
        CliRun today = run(java.util.Arrays.copyOf(args, args.length - 2));
        assertThat(today.out()).contains("  liquidation price     5,738.0");
        CliRun bad = run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10", "--taker-fee-pct", "6");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: taker-fee-pct: 6 is outside the allowed range 0 to 5");
    }

    /**
     * Binance COIN-M keeps one cross wallet per coin (FAQ: WB is that coin's cross wallet): an account of BTCUSD_PERP and
     * ETHUSD_PERP summed −0.1075 ETH of PnL and ETH maintenance into a "BTC" margin balance (0.89247312 BTC) and priced
     * both liquidations from it. Refused, as portfolio refuses such a sub-account.
     */
    @Test
    void test_calcAccount_twoCoinsInOneWallet_isRefused() throws Exception {
        Path acct = dir.resolve("coins.json");
        Files.writeString(acct, """
                { "exchange": "binance-coinm", "walletBalance": 1,
                  "positions": [
                    { "symbol": "BTCUSD_PERP", "side": "long", "contracts": 100, "entryPrice": 60000, "leverage": 20, "marginMode": "cross" },
                    { "symbol": "ETHUSD_PERP", "side": "short", "contracts": 1000, "entryPrice": 3000, "leverage": 20, "marginMode": "cross",
                      "markPrice": 3100 } ] }
                """);
        CliRun r = run("calc", "--account", acct.toString(), "--mmr", "0.005");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: positions[1].symbol: ETHUSD_PERP settles in ETH but the account's wallet holds BTC "
                + "(its BTCUSD_PERP): one wallet holds one currency; price each coin's positions as an account of its own");
    }

    /**
     * A coin size of a coin-margined contract is whole contracts: --qty 0.5 at 60,001 priced 300.005 BTCUSD_PERP contracts
     * (face 30,000.5 USD), a position Binance cannot hold, as --contracts 300.005 is refused. 0.5 at 60,000 (300) still prices.
     */
    @Test
    void test_calc_inverseQtyOffWholeContracts_isRefusedWithTheNearestSizes() throws Exception {
        CliRun r = run("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "60001",
                "--qty", "0.5", "--leverage", "10");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: qty: 0.5 BTC at 60,001 is 300.005 contracts of 100 USD; BTCUSD_PERP holds whole "
                + "contracts: give contracts (nearest: 300 or 301)");
        CliRun ok = run("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "60000",
                "--qty", "0.5", "--leverage", "10", "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.json().get("contracts").asDouble()).isEqualTo(300.0);
        Path acct = dir.resolve("inv.json");
        Files.writeString(acct, """
                { "exchange": "bybit", "walletBalance": 1,
                  "positions": [ { "symbol": "BTCUSD", "side": "long", "qty": 0.5, "entryPrice": 60000.5, "leverage": 10 } ] }
                """);
        CliRun a = run("calc", "--account", acct.toString(), "--mmr", "0.005");
        assertThat(a.exit()).as(a.out()).isEqualTo(2);
        assertThat(a.err()).contains("positions[0].qty: 0.5 BTC at 60,000.5 is 30,000.25 contracts of 1 USD");
    }

    @Test
    void test_calcAccount_malformedAndMissingFiles() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"walletBalance\": \"lots\", \"positions\": [");
        CliRun r = run("calc", "--account", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("malformed JSON at line 1");
        Files.writeString(bad, "{\"walletBalance\": \"lots\", \"positions\": []}");
        assertThat(run("calc", "--account", bad.toString()).err()).contains("walletBalance: 'lots' is not a number");
        Files.writeString(bad, "{\"walletBalance\": 100, \"positions\": [{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0,\"entryPrice\":1,\"leverage\":2}]}");
        assertThat(run("calc", "--account", bad.toString()).err()).contains("positions[0].qty: 0 must be greater than 0");
        assertThat(run("calc", "--account", dir.resolve("nope.json").toString()).err()).contains("does not exist");
    }

    @Test
    void test_tiers_ladderJson() throws Exception {
        CliRun r = run("tiers", "--symbol", "BTCUSDT", "--sizes", "1,10,100", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode ladder = r.json().get("ladder");
        assertThat(ladder).hasSize(3);
        assertThat(ladder.get(0).get("maxLeverage").asDouble()).isEqualTo(100);
        assertThat(ladder.get(2).get("maxLeverage").asDouble()).isEqualTo(50);
        assertThat(ladder.get(2).get("maintenanceMarginRate").asDouble()).isEqualTo(0.01);
        assertThat(r.json().get("brackets")).hasSize(12);
        CliRun t = run("tiers", "--symbol", "BTCUSDT");
        assertThat(t.out()).contains("leverage brackets").contains("Ladder: long at 60,000.0");
    }

    @Test
    void test_coinm_btcusdPerp_bundledTable_isTheDefault_andTiersSizesAreCoin() throws Exception {
        // Binance COIN-M FAQ: 100 contracts × 100 USD at mark 25,000 → notional 0.4 BTC, level 1, MM 0.0016 BTC (no --mmr now)
        CliRun c = run("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "25000",
                "--contracts", "100", "--leverage", "20", "--json");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.json().get("maintenanceMargin").asDouble()).isCloseTo(0.0016, within(1e-12));
        assertThat(c.json().get("tier").asInt()).isEqualTo(1);
        // tiers --sizes in BTC, as calc --qty: 300 BTC → FAQ's level (12.5 %, 11.605 BTC); long at 60,000, 3x:
        // IM 100 BTC, 100 + 300 − V/P = V/P·12.5 % − 11.605 → V/P = 411.605 / 1.125 (bracket 7), P = 18,000,000 / (V/P)
        CliRun t = run("tiers", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--entry", "60000", "--sizes", "300",
                "--leverage", "3", "--json");
        assertThat(t.exit()).as(t.err()).isZero();
        JsonNode rung = t.json().get("ladder").get(0);
        assertThat(rung.get("notional").asDouble()).isCloseTo(300, within(1e-9));
        assertThat(rung.get("maintenanceMarginRate").asDouble()).isEqualTo(0.125);
        assertThat(rung.get("maintenanceAmount").asDouble()).isCloseTo(11.605, within(1e-12));
        double p = 18_000_000 / (411.605 / 1.125);
        assertThat(rung.get("liquidationPrice").asDouble()).isEqualTo(Math.ceil(p * 10) / 10); // 49,197.7, up to the tick
        CliRun text = run("tiers", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--entry", "60000");
        assertThat(text.out()).contains("11.60500000").contains("no cap").doesNotContain("9,223,372");
    }

    @Test
    void test_calc_markFarPastLiquidation_saysSo_noHugePercentage_noNegativeLoss() {
        CliRun r = run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--notional", "500000", "--leverage", "50",
                "--mark", "1");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("already past it").doesNotContain("5,422,010");
        assertThat(r.out()).doesNotContain("loss if liquidated    -");
    }

    @Test
    void test_calc_aLongNoPriceLiquidates_saysSo_notDashesAndPercentSigns() throws Exception {
        // a 1x long: it printed "liquidation price     -  (- % from mark; rounded toward entry)" and "loss if liquidated    - USDT
        // incl. clearance fee -"
        CliRun r = run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "1");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("liquidation price     " + CalcCommand.NO_LIQUIDATION)
                .contains("bankruptcy price      none above 0").contains("loss if liquidated    none: not liquidated at any price")
                .doesNotContain("- %").doesNotContain(" - USDT");
        assertThat(run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "1", "--json").json()
                .get("liquidationPrice").isNull()).isTrue();
    }
    @Test
    void test_calc_lossIfLiquidated_namesWhatEachVenueTakes() {
        // "incl. clearance fee" was printed for every venue: Bybit and XT charge none (they keep the margin left), OKX a taker-rate fee
        String[] pos = {"calc", "--side", "long", "--entry", "60000", "--leverage", "20"};
        String binance = run(concat(pos, "--symbol", "BTCUSDT", "--qty", "1")).out();
        String bybit = run(concat(pos, "--exchange", "bybit", "--mmr", "0.005", "--symbol", "BTCUSDT", "--qty", "1")).out();
        String okx = run(concat(pos, "--exchange", "okx", "--mmr", "0.004", "--symbol", "BTC-USDT-SWAP", "--contracts", "100")).out();
        String xt = run(concat(pos, "--exchange", "xt", "--mmr", "0.004", "--symbol", "btc_usdt", "--contracts", "10000")).out();
        assertThat(binance).contains("loss if liquidated    3,000.00 USDT incl. clearance fee 236.18");
        // Bybit: 1 BTC from 60,000 at 20x with MMR 0.5 % is taken over at bankruptcy with 300 USDT (its maintenance margin) left
        assertThat(bybit).contains("loss if liquidated    3,000.00 USDT incl. 300.00 of margin left, which the venue keeps").doesNotContain("clearance");
        assertThat(xt).contains("incl. 240.00 of margin left, which the venue keeps").doesNotContain("clearance");
        assertThat(okx).contains("incl. liquidation fee 28.63 (taker rate)").doesNotContain("clearance");
    }

    /**
     * A long whose gain carries its notional across a cap into a tier whose rate exceeds its margin (docs/venues.md "Tier
     * tables", a synthetic Bybit table: 5 % to 1,000,000, then 15 %): liquidated if the price RISES, said plainly, in the
     * text and the JSON — nearest at 11x (the liquidation price itself, above the mark), beside the losing side's at 15x.
     */
    @Test
    void test_calc_longCarriedUpIntoAHigherTier_saysItIsLiquidatedIfThePriceRises() throws Exception {
        String[] pos = {"calc", "--exchange", "bybit-uta", "--tiers", AcceptanceSweepTest.ROOT.resolve("docs/examples/bybit-risk-limit-steep.json").toString(),
                "--symbol", "BTCUSDT", "--side", "long", "--entry", "1000", "--qty", "980.392"};
        String at11 = run(concat(pos, "--leverage", "11")).out();
        assertThat(at11).contains("liquidation price     1,020.0  (2.00 % from mark; rounded toward entry)")
                .contains("on the gain side      liquidated if the price RISES to 1,020.0 (the notional enters tier 3, whose maintenance rate"
                        + " 15.00 % makes the margin ratio ≥ 100 %), 2.00 % from mark");
        JsonNode j = run(concat(pos, "--leverage", "11", "--json")).json();
        assertThat(j.get("liquidationPrice").asDouble()).isEqualTo(1_020.0);
        assertThat(j.get("gainSideLiquidationPrice").asDouble()).isEqualTo(1_020.0);
        assertThat(j.get("gainSideLiquidationTier").asInt()).isEqualTo(3);
        assertThat(j.get("distanceToLiquidationPct").asDouble()).isPositive();
        // at 15x the losing side's level is nearer (below the mark) and the rise still liquidates: both are said
        String at15 = run(concat(pos, "--leverage", "15")).out();
        assertThat(at15).contains("on the gain side      liquidated if the price RISES to 1,020.0").contains("the liquidation price above is nearer");
        assertThat(run(concat(pos, "--leverage", "15", "--json")).json().get("liquidationPrice").asDouble()).isLessThan(1_000);
        // no such level on an ordinary table: null
        assertThat(run("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10", "--json").json()
                .get("gainSideLiquidationPrice").isNull()).isTrue();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
