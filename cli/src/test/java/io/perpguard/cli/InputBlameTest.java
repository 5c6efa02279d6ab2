package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number out of range is blamed on the input the user gave, with its allowed range — never on a figure the engine
 * derives from it (the notional of a huge entry price), and a ladder size beyond the table does not refuse the others.
 */
final class InputBlameTest {
    static final Instrument BTC = TierTables.bundled().get("BTCUSDT");
    /**
     * BTCUSDT's highest price: every contract's bound (InputBounds.MAX_PRICE, 10^9), below the entry where even its smallest
     * order is beyond its largest tier cap (1.8e12, its only bound before).
     */
    static final double MAX_PRICE = Math.min(io.perpguard.InputBounds.MAX_PRICE,
            BTC.tiers().maxNotional() / Math.max(BTC.contract().minQty(), BTC.contract().stepSize()));

    @TempDir
    Path dir;

    static void assertBlames(CliRun r, String field, String range) {
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: " + field + ": ").contains(range).doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void test_calc_hugeOrTinyInputs_nameTheInputGiven_withItsRange() {
        String priceRange = "allowed range " + Checks.fmt(BTC.contract().tickSize()) + " to " + Checks.fmt(MAX_PRICE);
        // a huge entry was blamed on the notional ("notional: 1e308 is above BTCUSDT's largest tier cap")
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e308", "--qty", "1", "--leverage", "50"),
                "entry", priceRange);
        // ... or accepted beside --notional (a 5e-303 BTC position priced at 1e308)
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e308", "--notional", "500000", "--leverage", "50"),
                "entry", priceRange);
        // a tiny entry was blamed on the qty's minimum notional
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e-300", "--qty", "1", "--leverage", "50"),
                "entry", "below one tick");
        String mostQty = "at most " + Checks.fmt(BTC.tiers().maxNotional() / 60_000);
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1e300", "--leverage", "50"),
                "qty", mostQty);
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--notional", "1e300", "--leverage", "50"),
                "notional", "at most " + Checks.fmt(BTC.tiers().maxNotional()));
        // a huge mark, wallet or margin added was priced as given
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "5", "--mark",
                "1e308"), "mark", priceRange);
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "5",
                "--margin-added", "1e308"), "margin-added", "allowed range");
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "5",
                "--margin-mode", "cross", "--wallet", "1e308"), "wallet", "allowed range");
    }

    @Test
    void test_calcAccount_aPositionsHugeQtyOrEntry_isBlamedOnThatField() throws Exception {
        // "positions[0].notional: 6e304 is above BTCUSDT's largest tier cap" (cross: an isolated one is first refused as more margin than the wallet)
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1e300,"
                + " \"entryPrice\": 60000, \"leverage\": 5, \"marginMode\": \"cross\", \"markPrice\": 60000 } ] }");
        // an account file's qty keeps every position's bound (InputBounds.MAX_QTY) before any tier sees it
        assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[0].qty", "at most " + Checks.fmt(io.perpguard.InputBounds.MAX_QTY) + " units");
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1,"
                + " \"entryPrice\": 1e308, \"leverage\": 5, \"marginMode\": \"cross\", \"markPrice\": 60000 } ] }");
        assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[0].entryPrice", "allowed range");
        // portfolio reads the same file through the margin engine: the same field ("positions[0].notional: 1e308 ..." before)
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "positions[0].entryPrice", "allowed range");
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1e300,"
                + " \"entryPrice\": 60000, \"leverage\": 5, \"marginMode\": \"cross\", \"markPrice\": 60000 } ] }");
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "positions[0].qty", "at most " + Checks.fmt(io.perpguard.InputBounds.MAX_QTY) + " units");
    }

    @Test
    void test_calcPortfolioCheckAccount_anIsolatedPositionsHugeQty_isBlamedOnTheQty_notOnTheWallet() throws Exception {
        // "walletBalance: 10,000 is less than the margin of the isolated positions (3,000,000,000,000,000)": the Account's wallet check
        // ran as the file was read, before any tier saw the qty
        Path f = dir.resolve("iso.json");
        Files.writeString(f, "{ \"walletBalance\": 10000, \"positions\": [ { \"symbol\": \"ETHUSDT\", \"side\": \"short\", \"qty\": 1,"
                + " \"entryPrice\": 3000, \"leverage\": 10, \"marginMode\": \"cross\" }, { \"symbol\": \"BTCUSDT\", \"side\": \"long\","
                + " \"qty\": 1e12, \"entryPrice\": 60000, \"leverage\": 20, \"marginMode\": \"isolated\", \"markPrice\": 61000 } ] }");
        String most = "at most " + Checks.fmt(BTC.tiers().maxNotional() / 60_000);
        assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[1].qty", most);
        assertBlames(CliRun.of("calc", "--account", f.toString(), "--json"), "positions[1].qty", most);
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "positions[1].qty", most);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"breakout\", \"entryPrice\": 60000, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 10000, \"riskPct\": 1 }");
        assertBlames(CliRun.of("check", "--plan", plan.toString(), "--account", f.toString()), "positions[1].qty", most);
        // a sub-account's position is named by its path in the file
        Path p = dir.resolve("subs.json");
        Files.writeString(p, "{ \"subAccounts\": [ { \"name\": \"degen\", \"walletBalance\": 100, \"positions\": [ { \"symbol\": \"BTCUSDT\","
                + " \"side\": \"long\", \"qty\": 1e12, \"entryPrice\": 60000, \"leverage\": 20, \"marginMode\": \"isolated\" } ] } ] }");
        assertBlames(CliRun.of("portfolio", "--account", p.toString()), "subAccounts[0].positions[0].qty", most);
        // a qty the tiers hold whose margin the wallet cannot fund is still the wallet's to say
        Files.writeString(f, "{ \"walletBalance\": 10000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 100,"
                + " \"entryPrice\": 60000, \"leverage\": 20, \"marginMode\": \"isolated\" } ] }");
        assertBlames(CliRun.of("calc", "--account", f.toString()), "walletBalance", "less than the margin of the isolated positions (300,000)");
        // an unknown symbol is named under its position
        Files.writeString(f, "{ \"walletBalance\": 10000, \"positions\": [ { \"symbol\": \"FOOUSDT\", \"side\": \"long\", \"qty\": 1,"
                + " \"entryPrice\": 60000, \"leverage\": 20, \"marginMode\": \"isolated\" } ] }");
        assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[0].symbol", "FOOUSDT");
    }

    @Test
    void test_accountFiles_aPositionBelowTheMinimumOrOffTheStep_isRefusedAsSinglePositionCalcRefusesIt() throws Exception {
        // calc --symbol ETHUSDT --qty 0.0001 is refused; the same position in an account file was priced (liquidation 103,369,521.91)
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"breakout\", \"entryPrice\": 60000, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 10000, \"riskPct\": 1 }");
        String[][] cases = {
                {"0.0001", "0.0001 is below the minimum order quantity 0.001 of ETHUSDT"},
                {"10.0005", "10.0005 is not a multiple of the step size 0.001 of ETHUSDT (nearest: 10 or 10.001)"},
                {"0.003", "0.003 × 3,000 = 9 is below the minimum notional 20 of ETHUSDT"}};
        for (String[] c : cases) {
            assertBlames(CliRun.of("calc", "--symbol", "ETHUSDT", "--side", "short", "--entry", "3000", "--qty", c[0], "--leverage", "20"),
                    "qty", c[1]);
            Path f = dir.resolve("acc.json");
            Files.writeString(f, "{ \"walletBalance\": 10000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.5,"
                    + " \"entryPrice\": 60000, \"leverage\": 20, \"markPrice\": 61000 }, { \"symbol\": \"ETHUSDT\", \"side\": \"short\","
                    + " \"qty\": " + c[0] + ", \"entryPrice\": 3000, \"leverage\": 20, \"markPrice\": 3100 } ] }");
            assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[1].qty", c[1]);
            assertBlames(CliRun.of("calc", "--account", f.toString(), "--json"), "positions[1].qty", c[1]);
            assertBlames(CliRun.of("portfolio", "--account", f.toString()), "positions[1].qty", c[1]);
            assertBlames(CliRun.of("check", "--plan", plan.toString(), "--account", f.toString()), "positions[1].qty", c[1]);
            Path subs = dir.resolve("subs.json");
            Files.writeString(subs, "{ \"subAccounts\": [ { \"name\": \"degen\", \"walletBalance\": 1000, \"positions\": [ { \"symbol\":"
                    + " \"ETHUSDT\", \"side\": \"short\", \"qty\": " + c[0] + ", \"entryPrice\": 3000, \"leverage\": 20 } ] } ] }");
            assertBlames(CliRun.of("portfolio", "--account", subs.toString()), "subAccounts[0].positions[0].qty", c[1]);
        }
    }

    @Test
    void test_accountFiles_aNumberWrittenAsAString_isRefusedNamingTheField() throws Exception {
        // "qty": "0.5" was read as 0.5: an account file is written by hand or by a script, and a quoted figure is one the
        // writer did not produce as a number (a spreadsheet's "0,5" or "1e3 BTC" is no better a guess)
        Path f = dir.resolve("acc.json");
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"breakout\", \"entryPrice\": 60000, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 10000, \"riskPct\": 1 }");
        String position = "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.5, \"entryPrice\": 60000, \"leverage\": 20 }";
        String[][] cases = {
                {position.replace("0.5", "\"0.5\""), "10000", "positions[0].qty", "\"0.5\""},
                {position.replace("60000", "\"60000\""), "10000", "positions[0].entryPrice", "\"60000\""},
                {position.replace("20 }", "\"20\" }"), "10000", "positions[0].leverage", "\"20\""},
                {position, "\"10000\"", "walletBalance", "\"10000\""}};
        for (String[] c : cases) {
            Files.writeString(f, "{ \"walletBalance\": " + c[1] + ", \"positions\": [ " + c[0] + " ] }");
            String said = c[3] + " is a string; write the number without quotes";
            assertBlames(CliRun.of("calc", "--account", f.toString()), c[2], said);
            assertBlames(CliRun.of("portfolio", "--account", f.toString()), c[2], said);
            assertBlames(CliRun.of("check", "--plan", plan.toString(), "--account", f.toString()), c[2], said);
        }
    }

    @Test
    void test_sizeCheckFunding_hugeInputs_nameTheInputGiven() throws Exception {
        String priceRange = "allowed range " + Checks.fmt(BTC.contract().tickSize()) + " to " + Checks.fmt(MAX_PRICE);
        assertBlames(CliRun.of("size", "--equity", "10000", "--risk-pct", "2", "--entry", "1e308", "--stop", "58400", "--leverage", "10",
                "--symbol", "BTCUSDT"), "entry", priceRange);
        assertBlames(CliRun.of("size", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "1e308", "--leverage", "10",
                "--symbol", "BTCUSDT"), "stop", priceRange);
        assertBlames(CliRun.of("size", "--equity", "1e300", "--risk-pct", "2", "--entry", "60000", "--stop", "58400", "--leverage", "10",
                "--symbol", "BTCUSDT"), "equity", "allowed range");
        assertBlames(CliRun.of("funding", "--qty", "1e300", "--leverage", "5", "--rate", "0.0001", "--mark", "60000"), "qty",
                "at most " + Checks.fmt(BTC.tiers().maxNotional() / 60_000));
        assertBlames(CliRun.of("funding", "--notional", "1e300", "--leverage", "5", "--rate", "0.0001"), "notional", "at most");
        assertBlames(CliRun.of("funding", "--notional", "100000", "--leverage", "5", "--rate", "0.0001", "--mark", "1e308"), "mark",
                priceRange);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"\", \"entryPrice\": 60000, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 10000, \"qty\": 1e300 }");
        assertBlames(CliRun.of("check", "--plan", plan.toString()), "qty", "at most " + Checks.fmt(BTC.tiers().maxNotional() / 60_000));
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"\", \"entryPrice\": 1e308, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 10000, \"riskPct\": 1 }");
        assertBlames(CliRun.of("check", "--plan", plan.toString()), "entryPrice", priceRange);
    }

    @Test
    void test_tiers_aSizeAboveTheLargestTier_getsItsLine_theOthersArePriced_exit1() throws Exception {
        // it refused the whole ladder: "notional: 60,000,000,000,000 is above BTCUSDT's largest tier cap"
        CliRun text = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,1e9,10", "--leverage", "20");
        assertThat(text.exit()).as(text.err()).isEqualTo(TiersCommand.EXIT_ABOVE_LARGEST_TIER).isEqualTo(1);
        assertThat(text.out()).contains("above the largest tier")
                .contains("sizes[1]: 1,000,000,000 is outside the allowed range: more than 0 and at most "
                        + Checks.fmt(BTC.tiers().maxNotional() / 60_000));
        CliRun json = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,1e9,10", "--leverage", "20", "--json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode ladder = json.json().get("ladder");
        assertThat(ladder).hasSize(3);
        assertThat(ladder.get(1).get("aboveLargestTier").asBoolean()).isTrue();
        assertThat(ladder.get(1).get("tier").isNull()).isTrue();
        assertThat(ladder.get(1).get("liquidationPrice").isNull()).isTrue();
        // the sizes beside it are priced as in a ladder without it
        JsonNode alone = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,10", "--leverage", "20", "--json").json().get("ladder");
        assertThat(ladder.get(0)).isEqualTo(alone.get(0));
        assertThat(ladder.get(2)).isEqualTo(alone.get(1));
        assertThat(json.json().get("warnings")).hasSize(1);
        // every size within the table: exit 0, no warning
        CliRun ok = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,10", "--json");
        assertThat(ok.exit()).isZero();
        assertThat(ok.json().get("warnings")).isEmpty();
    }

    @Test
    void test_stops_anEntryNoOrderFits_isRefusedWithTheRange_notPricedIntoA300DigitTable() throws Exception {
        String candles = MoneyJsonTest.SAMPLES + "/candles/BTCUSDT-1h-futures-2023.csv";
        // it printed a table of stops at 100,000,...,000.0 and exit 0
        assertBlames(CliRun.of("stops", "--candles", candles, "--side", "long", "--entry", "1e308"), "entry",
                "allowed range " + Checks.fmt(BTC.contract().tickSize()) + " to " + Checks.fmt(MAX_PRICE));
        assertBlames(CliRun.of("stops", "--candles", candles, "--side", "short", "--entry", "1e308", "--json"), "entry", "allowed range");
        // a file whose name names no known contract: every price's bound instead of the tiers (it was an amount's, 10^15)
        Path other = dir.resolve("candles.csv");
        Files.copy(Path.of(candles), other);
        assertBlames(CliRun.of("stops", "--candles", other.toString(), "--side", "long", "--entry", "1e308"), "entry",
                "at most " + Checks.fmt(io.perpguard.InputBounds.MAX_PRICE));
        assertThat(CliRun.of("stops", "--candles", other.toString(), "--side", "long", "--entry", "42000").exit()).isZero();
        assertThat(CliRun.of("stops", "--candles", candles, "--side", "long", "--entry", "42000").exit()).isZero();
    }

    @Test
    void test_replay_aPlansHugeEquityQtyOrPrice_isBlamedOnThatField_withItsRange() throws Exception {
        String candles = MoneyJsonTest.SAMPLES + "/candles/BTCUSDT-1h-futures-2023.csv";
        String base = "\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"entryTime\": \"2023-06-20T00:00:00Z\", \"stopType\": \"market\","
                + " \"leverage\": 10, \"slippageBps\": 0";
        Path plan = dir.resolve("plan.json");
        // "notional: 8.21254e307 is above BTCUSDT's largest tier cap 1,800,000,000" before
        Files.writeString(plan, "{" + base + ", \"entry\": \"market\", \"stop\": 26528.6, \"equity\": 1e308, \"riskPct\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.equity", "allowed range: above 0, at most " + Checks.fmt(Checks.MAX_AMOUNT));
        // "notional: 26,828,600,000,000,000 is above ..." before
        Files.writeString(plan, "{" + base + ", \"entry\": \"market\", \"stop\": 26528.6, \"equity\": 10000, \"qty\": 1e12 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.qty",
                "for BTCUSDT at stop 26,528.6");
        // a limit entry of 1e308 was filled "already marketable at the open"
        Files.writeString(plan, "{" + base + ", \"entry\": 1e308, \"stop\": 26528.6, \"equity\": 10000, \"riskPct\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.entry",
                "allowed range " + Checks.fmt(BTC.contract().tickSize()) + " to " + Checks.fmt(MAX_PRICE));
        Files.writeString(plan, "{" + base + ", \"entries\": [ { \"price\": 27000 }, { \"price\": 1e308 } ], \"stop\": 26528.6,"
                + " \"equity\": 10000, \"riskPct\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.entries[1].price", "allowed range");
        Files.writeString(plan, "{" + base + ", \"entry\": \"market\", \"stop\": 26528.6, \"equity\": 10000, \"riskPct\": 1,"
                + " \"targets\": [ { \"r\": 1, \"closePct\": 25 }, { \"price\": 1e308, \"closePct\": 25 } ] }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.targets[1].price", "allowed range");
        // a target's own check names which target ("targets.r" before)
        Files.writeString(plan, "{" + base + ", \"entry\": \"market\", \"stop\": 26528.6, \"equity\": 10000, \"riskPct\": 1,"
                + " \"targets\": [ { \"r\": 1, \"closePct\": 25 }, { \"r\": -1, \"closePct\": 25 } ] }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.targets[1].r", "allowed range 0.01 to 1,000");
        // the same plan within range replays
        Files.writeString(plan, "{" + base + ", \"entry\": \"market\", \"stop\": 26528.6, \"equity\": 10000, \"riskPct\": 1 }");
        assertThat(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()).exit()).isZero();
    }

    @Test
    void test_tiers_aSizeOffTheStepOrBelowTheMinimum_isRefusedWithTheNearestValidSizes() {
        // priced as given before (1.2345 BTC, 0.0005 BTC), while calc --qty refused both
        assertBlames(CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,1.2345", "--entry", "60000"), "sizes[1]",
                "1.2345 is not a multiple of the step size 0.001 of BTCUSDT (nearest: 1.234 or 1.235)");
        assertBlames(CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "0.0005", "--entry", "60000", "--json"), "sizes[0]",
                "is below the minimum order quantity 0.001 of BTCUSDT");
        assertThat(CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,1.234", "--entry", "60000").exit()).isZero();
    }

    @Test
    void test_replay_errorsOfTheReplayItself_nameThePlanPath_asThePlanChecksDo() throws Exception {
        String candles = MoneyJsonTest.SAMPLES + "/candles/BTCUSDT-1h-futures-2023.csv";
        String base = "\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"stopType\": \"market\", \"entry\": \"market\", \"slippageBps\": 0";
        Path plan = dir.resolve("plan.json");
        // raised by BarReplay once the plan's own checks passed: they read 'entryTime: ...', 'leverage: ...', 'stop: ...'
        Files.writeString(plan, "{" + base + ", \"entryTime\": \"2019-06-20T00:00:00Z\", \"stop\": 9000, \"leverage\": 10, \"equity\": 10000,"
                + " \"riskPct\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.entryTime", "is before the first candle");
        Files.writeString(plan, "{" + base + ", \"entryTime\": \"2023-06-20T00:00:00Z\", \"stop\": 26528.6, \"leverage\": 1, \"equity\": 10000,"
                + " \"qty\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.leverage", "exceeds equity");
        Files.writeString(plan, "{" + base + ", \"entryTime\": \"2023-06-20T00:00:00Z\", \"stop\": 90000, \"leverage\": 10, \"equity\": 10000,"
                + " \"riskPct\": 1 }");
        assertBlames(CliRun.of("replay", "--candles", candles, "--plan", plan.toString()), "plan.stop", "is not below the entry");
    }

    @Test
    void test_portfolioShockOfASymbolNotHeld_andMarginRemovedBeyondTheMargin_areRefusedWithWhatIsAllowed() {
        String account = MoneyJsonTest.ROOT + "/docs/examples/portfolio-three-longs.json";
        // a typo'd symbol was a scenario in which ETH did not move ("symbols not listed do not move"), exit 0
        assertBlames(CliRun.of("portfolio", "--account", account, "--shock", "BTCUSDT=-20,ETHUSTD=-35"), "shock.ETHUSTD",
                "not held in the account (it holds BTCUSDT, ETHUSDT, SOLUSDT)");
        assertThat(CliRun.of("portfolio", "--account", account, "--shock", "BTCUSDT=-20,ETHUSDT=-35").exit()).isZero();
        // "-10,000 removes more than the position's initial margin": how much may be removed was not said
        assertBlames(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10",
                "--margin-added", "-10000"), "margin-added", "initial margin 6,000: the allowed range is more than -6,000");
    }

    @Test
    void test_accountAndSimulate_hugeAmounts_areRefusedWithTheBoundOfEveryAmount() throws Exception {
        Path f = dir.resolve("big.json");
        String most = "allowed range 0 to " + Checks.fmt(Checks.MAX_AMOUNT);
        // each was priced and printed in 300 digits, exit 0
        Files.writeString(f, "{ \"walletBalance\": 1e308, \"positions\": [] }");
        assertBlames(CliRun.of("calc", "--account", f.toString()), "walletBalance", most);
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "walletBalance", most);
        Files.writeString(f, "{ \"subAccounts\": [ { \"name\": \"a\", \"walletBalance\": 1e308 } ] }");
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "subAccounts[0].walletBalance", most);
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [], \"spot\": [ { \"asset\": \"BTC\", \"qty\": 1e308, \"price\": 60000 } ] }");
        // a spot holding keeps a position's bounds: its quantity 10^15 units, its price 10^9
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "spot[0].qty", "at most " + Checks.fmt(io.perpguard.InputBounds.MAX_QTY) + " units");
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [], \"spot\": [ { \"asset\": \"BTC\", \"qty\": 1, \"price\": 1e308 } ] }");
        assertBlames(CliRun.of("portfolio", "--account", f.toString()), "spot[0].price", "at most " + Checks.fmt(io.perpguard.InputBounds.MAX_PRICE));
        // a margin added of 1e308 was blamed on the wallet ("less than the margin of the isolated positions (1e308)")
        Files.writeString(f, "{ \"walletBalance\": 1000, \"positions\": [ { \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1,"
                + " \"entryPrice\": 60000, \"leverage\": 10, \"marginMode\": \"isolated\", \"marginAdded\": 1e308 } ] }");
        assertBlames(CliRun.of("calc", "--account", f.toString()), "positions[0].marginAdded", "allowed range");
        assertBlames(CliRun.of("simulate", "--candles", MoneyJsonTest.SAMPLES + "/candles/BTCUSDT-1h-futures-2023.csv", "--policy", "b",
                "--paths", "10", "--horizon", "30d", "--equity", "1e308"), "equity", "at most " + Checks.fmt(Checks.MAX_AMOUNT));
    }
}
