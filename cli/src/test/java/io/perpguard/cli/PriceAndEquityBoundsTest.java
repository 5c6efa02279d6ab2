package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One price bound for every venue and one equity/balance bound for every input (core's {@code InputBounds}): a price is
 * one tick to 10⁹ on every contract, narrowed by its tiers where they hold no order; an equity is above 0 and at most
 * 10¹⁵ in the settlement currency, a wallet or available balance 0 to 10¹⁵ — the same line from every command and file.
 */
final class PriceAndEquityBoundsTest {
    @TempDir
    Path dir;

    static void refused(CliRun r, String line) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + line + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void test_aPriceAbove10to9_isRefusedOnEveryVenue_linearToo() {
        // BTCUSDT's tiers alone allowed 1.8e12: --entry 1e12 was priced (a notional of 10^9 at 1x), --mark 1e12 too
        refused(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e12", "--qty", "0.001", "--leverage", "1"),
                "entry: 1,000,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSDT: no contract is priced above "
                        + "1,000,000,000 (a unit or digit error)");
        refused(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10", "--mark", "1e12"),
                "mark: 1,000,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSDT: no contract is priced above "
                        + "1,000,000,000 (a unit or digit error)");
        // a one-tier --mmr table has no cap at all: a linear price had no bound (bybit --entry 1e15 was priced, exit 0)
        for (String[] v : new String[][]{{"bybit", "BTCUSDT", "--qty", "1"}, {"okx", "BTC-USDT-SWAP", "--contracts", "100"},
                {"xt", "BTC_USDT", "--contracts", "10000"}, {"binance", "BTCUSDT", "--qty", "1"}}) {
            CliRun r = CliRun.of("calc", "--exchange", v[0], "--symbol", v[1], "--side", "long", "--entry", "1e15", v[2], v[3], "--leverage", "10",
                    "--mmr", "0.005");
            assertThat(r.exit()).as(v[0] + r.out()).isEqualTo(2);
            assertThat(r.err()).as(v[0]).startsWith("error: entry: 1,000,000,000,000,000 is outside the allowed range ")
                    .contains(" to 1,000,000,000 for " + v[1] + ": no contract is priced above 1,000,000,000").hasLineCount(1);
        }
        // the same bound for a coin-margined contract, and for size and stops
        refused(CliRun.of("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "2e9", "--contracts", "1",
                "--leverage", "10"), "entry: 2,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSD_PERP: no contract is "
                + "priced above 1,000,000,000 (a unit or digit error)");
        refused(CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "1", "--entry", "2e9", "--stop", "1.9e9", "--leverage", "1"),
                "entry: 2,000,000,000 is outside the allowed range 0.1 to 1,000,000,000 for BTCUSDT: no contract is priced above "
                        + "1,000,000,000 (a unit or digit error)");
        // at the bound a price is a price
        assertThat(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "1e9", "--qty", "0.001", "--leverage", "1").exit()).isZero();
    }

    @Test
    void test_aSpotPriceKeepsEveryPricesBound() throws Exception {
        // a spot holding was bounded as an amount (10^15): priced at 10^12 where a position at that price is refused
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, """
                {"walletBalance": 10000, "positions": [], "spot": [{"asset": "BTC", "qty": 1, "price": 1e12}]}
                """);
        refused(CliRun.of("portfolio", "--account", acct.toString()),
                "spot[0].price: 1,000,000,000,000 is outside the allowed range: above 0, at most 1,000,000,000 (in " + acct + ")");
    }

    @Test
    void test_equityAndBalances_oneBound_everyCommand() throws Exception {
        String equity = "equity: 2,000,000,000,000,000 is outside the allowed range: above 0, at most 1,000,000,000,000,000";
        refused(CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "2e15", "--risk-pct", "1", "--entry", "60000", "--stop", "59000",
                "--leverage", "10"), equity);
        // simulate said "more than 0 and at most", check and replay "0 to" (0 is no equity)
        String candles = AcceptanceSweepTest.ROOT.resolve("samples/candles/BTCUSDT-1h-futures-2023.csv").toString();
        refused(CliRun.of("simulate", "--candles", candles, "--policy", "b", "--equity", "2e15"), equity);
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"breakout\", \"entryPrice\": 60000, \"stop\": 58400,"
                + " \"stopMethod\": \"structure\", \"targets\": [], \"leverage\": 10, \"equity\": 2e15, \"riskPct\": 1 }");
        refused(CliRun.of("check", "--plan", plan.toString()), equity + " (in " + plan + ")");
        // a wallet or an available balance may be 0; above the bound it is told the same range
        String wallet = " 2,000,000,000,000,000 is outside the allowed range 0 to 1,000,000,000,000,000";
        refused(CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "1000", "--available", "2e15", "--risk-pct", "1", "--entry", "60000",
                "--stop", "59000", "--leverage", "10"), "available:" + wallet);
        refused(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "10",
                "--margin-mode", "cross", "--wallet", "2e15"), "wallet:" + wallet);
        Path acct = dir.resolve("a.json");
        Files.writeString(acct, "{\"walletBalance\": 2e15, \"positions\": []}");
        refused(CliRun.of("portfolio", "--account", acct.toString()), "walletBalance:" + wallet + " (in " + acct + ")");
        // the bound itself is an equity: 10^15 is sized, and capped by BTCUSDT's tiers (exit 1, a verdict, not bad input)
        CliRun at = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "1e15", "--risk-pct", "1", "--entry", "60000", "--stop", "59000",
                "--leverage", "10");
        assertThat(at.exit()).as(at.err()).isEqualTo(1);
        assertThat(at.out()).contains("capped to the largest the tiers allow at 10x");
    }
}
