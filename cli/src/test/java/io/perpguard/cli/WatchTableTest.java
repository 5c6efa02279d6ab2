package io.perpguard.cli;

import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code watch}'s table: what a position's row shows. */
class WatchTableTest {
    @Test
    void aLinearSizeIsShownAtItsContractsStepDecimals_asSizeCalcAndReplayShowIt() {
        // XT's BTC_USDT counts 0.0001 BTC: 0.1583 BTC was shown 0.158; another contract on a step of 4 decimals likewise
        String table = table(row("BTC_USDT", 0.1583, 4), row("ETH-USDT-SWAP", 0.0102, 4), row("BTCUSDT", 0.125, 3),
                row("SOLUSDT", 12, 0), row("NEWUSDT", 0.5, 0));
        assertThat(table).contains(" 0.1583 ").contains(" 0.0102 ").doesNotContain("0.158 ").doesNotContain("0.010 ");
        // the step's decimals, as calc and size print a size: Binance's 0.001 BTC, SOLUSDT's whole-unit step (12, not 12.000);
        // a contract not yet known (decimals 0) keeps the size's own digits, not 1
        assertThat(table).contains(" 0.125 ").contains(" 12 ").contains(" 0.5 ").doesNotContain("12.000").doesNotContain("0.500");
        assertThat(Output.qty(0.1583, 4)).isEqualTo("0.1583");
        assertThat(Output.qty(1234.5, 1)).isEqualTo("1,234.5");
        assertThat(Output.qty(19, 0)).isEqualTo("19");
        assertThat(Output.qty(19, 1)).isEqualTo("19.0");
    }

    @Test
    void pricesAreShownAtTheContractsTickDecimals_asSizesAtItsStep() {
        // BTCUSDT's tick 0.1: 60,000.0, not 60,000.00; DOGEUSDT's 0.00001 and SOLUSDT's 0.01 keep their digits
        String table = table(priced("BTCUSDT", 60_000.1, 61_000.5, 50_000.3, 1), priced("DOGEUSDT", 0.12345, 0.1234, 0.09871, 5),
                priced("SOLUSDT", 150.25, 156.13, 164.17, 2));
        assertThat(table).contains(" 60,000.1 ").contains(" 61,000.5 ").contains(" 50,000.3 ").doesNotContain("61,000.50");
        assertThat(table).contains(" 0.12345 ").contains(" 0.12340 ").contains(" 0.09871 ");
        assertThat(table).contains(" 150.25 ").contains(" 156.13 ").contains(" 164.17 ");
        // an average entry finer than the tick keeps its own digits (as calc shows it)
        assertThat(table(priced("BTCUSDT", 60_000.125, 61_000, 50_000, 1))).contains(" 60,000.125 ").contains(" 61,000.0 ");
    }

    @Test
    void aUsdcMarginedContractsAmountsAreNamedUsdc() {
        WatchView.Row usdc = new WatchView.Row("ETHUSDC", "long", "cross", 10, 3_000, 3_000, 2_500, -16, Double.NaN, 0.1, 0.0001, 0, 3, 10,
                false, "both", 20, 0, Double.NaN, false, "USDC", Double.NaN, 3, 2);
        String table = table(usdc, row("BTCUSDT", 0.5, 3));
        assertThat(table).contains(" 3.00 USDC ").contains(" 0.50 ").doesNotContain("0.50 USDT");
    }

    @Test
    void theFeesInUseAreNamedWithWhoseTheyAre_onceASymbol() {
        WatchView.Row vip = fees("BTCUSDT", 0.00018, 0, "account"), base = fees("ETHUSDT", 0.0005, 0.0002, "default");
        WatchView.Row hedge = fees("ETHUSDT", 0.0005, 0.0002, "default");
        assertThat(table(vip, base, hedge, row("NEWUSDT", 0.5, 0)))
                .contains("\n  fees: BTCUSDT taker 0.0180 %, maker 0.0000 % (account); ETHUSDT taker 0.0500 %, maker 0.0200 % (default)\n");
        assertThat(table(row("NEWUSDT", 0.5, 0))).as("no contract known: no fees to name").doesNotContain("fees:");
    }

    @Test
    void feesBeingReadAreSaidSo_withoutClaimingARate() {
        assertThat(table(fees("BTCUSDT", 0.0005, 0.0002, "reading"), fees("ETHUSDT", 0.0005, 0.0002, "account")))
                .contains("\n  fees: BTCUSDT (reading); ETHUSDT taker 0.0500 %, maker 0.0200 % (account)\n");
    }

    @Test
    void aClosedPositionsPriceIsAtItsContractsTick_asTheAlertsPrintIt() {
        // DOGEUSDT's tick 0.00001: 0.11600, as the liquidation alert says it; it was 'near 0.12'. BTCUSDT's 0.1: 57,650.0
        String table = table(List.of(new WatchView.Closed("DOGEUSDT", "long", "cross", "liquidated", 0.116, 0, 5),
                new WatchView.Closed("BTCUSDT", "short", "isolated", "closed", 57_650, 0, 1)));
        assertThat(table).contains("  closed: DOGEUSDT long cross liquidated near 0.11600\n")
                .contains("  closed: BTCUSDT short isolated closed near 57,650.0\n");
        assertThat(table(List.of(new WatchView.Closed("NEWUSDT", "long", "cross", "closed", 1.23456, 0))))
                .as("a contract not known: the price's own digits").contains("near 1.23456\n");
    }

    private static WatchView.Row fees(String symbol, double taker, double maker, String source) {
        return new WatchView.Row(symbol, "long", "cross", 1, 60_000, 61_000, 50_000, -18, Double.NaN, 0.1, 0.0001, 0, 0.5, 10, false,
                "both", 10, 0, Double.NaN, false, "USDT", Double.NaN, 3, 1, taker, maker, source);
    }

    private static WatchView.Row priced(String symbol, double entry, double mark, double liq, int priceDecimals) {
        return new WatchView.Row(symbol, "long", "cross", 1, entry, mark, liq, -18, Double.NaN, 0.1, 0.0001, 0, 0.5, 10, false,
                "both", 10, 0, Double.NaN, false, "USDT", Double.NaN, 3, priceDecimals);
    }

    private static WatchView.Row row(String symbol, double qty, int qtyDecimals) {
        return new WatchView.Row(symbol, "long", "cross", qty, 60_000, 61_000, 50_000, -18, Double.NaN, 0.1, 0.0001, 0, 0.5, 10, false,
                "both", 10, 0, Double.NaN, false, "USDT", Double.NaN, qtyDecimals, 1);
    }

    private static String table(WatchView.Row... rows) {
        StringWriter out = new StringWriter();
        new WatchCommand.Screen(new PrintWriter(out), false).update(new WatchView("main", "xt", 0, false, null, 10_000, 0.1,
                List.of(rows), List.of()));
        return out.toString();
    }

    private static String table(List<WatchView.Closed> closed) {
        StringWriter out = new StringWriter();
        new WatchCommand.Screen(new PrintWriter(out), false).update(new WatchView("main", "binance", 0, false, null, 10_000, 0.1,
                List.of(), closed));
        return out.toString();
    }
}
