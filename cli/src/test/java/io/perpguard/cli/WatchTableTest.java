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
        // at least 3 decimals, as calc and size print a size: Binance's 0.001 BTC, a whole-unit step, a contract not yet known
        assertThat(table).contains(" 0.125 ").contains(" 12.000 ").contains(" 0.500 ");
        assertThat(Output.qty(0.1583, 4)).isEqualTo("0.1583");
        assertThat(Output.qty(1234.5, 1)).isEqualTo("1,234.500");
    }

    private static WatchView.Row row(String symbol, double qty, int qtyDecimals) {
        return new WatchView.Row(symbol, "long", "cross", qty, 60_000, 61_000, 50_000, -18, Double.NaN, 0.1, 0.0001, 0, 0.5, 10, false,
                "both", 10, 0, Double.NaN, false, "USDT", Double.NaN, qtyDecimals);
    }

    private static String table(WatchView.Row... rows) {
        StringWriter out = new StringWriter();
        new WatchCommand.Screen(new PrintWriter(out), false).update(new WatchView("main", "xt", 0, false, null, 10_000, 0.1,
                List.of(rows), List.of()));
        return out.toString();
    }
}
