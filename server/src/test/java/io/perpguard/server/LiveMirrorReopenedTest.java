package io.perpguard.server;

import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live}: the watcher tells a position closed and opened again under the same key while it was away (its close
 * line beside the new position). The desk's row was updated in place — the old holding's close (a liquidation) never on the
 * desk, the new one's figures under the old one's row. Now the old row is closed as the watcher closed it, the new one opened.
 */
class LiveMirrorReopenedTest {
    static WatchView.Row eth(double entry, double mark) {
        return new WatchView.Row("ETHUSDT", "long", "isolated", 10, entry, mark, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, Double.NaN, 0, false, "both", 20, 0, Double.NaN, false, "USDT", Double.NaN, 3, 2);
    }

    static WatchView view(long t, WatchView.Row row, List<WatchView.Closed> closed) {
        return new WatchView("main", "binance", t, false, null, 10_000, Double.NaN, List.of(row), closed);
    }

    @Test
    void aReopenedPositionClosesTheOldRowAndOpensANewOne() {
        try (DeskDatabase db = DeskDatabase.open("jdbc:h2:mem:live-mirror-reopened")) {
            DeskStore store = new DeskStore(db);
            LiveMirror mirror = new LiveMirror(store);
            mirror.sync(view(1_000, eth(3_000, 2_900), List.of()));
            mirror.sync(view(2_000, eth(3_000, 2_855), List.of()));   // the same holding, marked down: updated in place
            long sub = store.subAccounts(store.accounts().stream().filter(a -> a.name().equals(LiveMirror.ACCOUNT)).findFirst().orElseThrow().id())
                    .stream().filter(s -> s.name().equals("main")).findFirst().orElseThrow().id();
            assertThat(store.positions(sub)).singleElement().satisfies(p -> assertThat(p.entryPrice()).isEqualByComparingTo("3000"));
            assertThat(store.closedPositions(sub, 10)).isEmpty();

            WatchView.Closed old = new WatchView.Closed("ETHUSDT", "long", "isolated", "liquidated", 2_855, 3_000, 2);
            mirror.sync(view(3_000, eth(2_855, 2_855), List.of(old)));
            assertThat(store.closedPositions(sub, 10)).singleElement().satisfies(c -> {
                assertThat(c.reason()).isEqualTo("liquidation");
                assertThat(c.entryPrice()).isEqualByComparingTo("3000");
                assertThat(c.closePrice()).isEqualByComparingTo("2855");
            });
            assertThat(store.positions(sub)).singleElement().satisfies(p -> assertThat(p.entryPrice()).isEqualByComparingTo(new BigDecimal("2855")));
            long opened = store.positions(sub).get(0).id();

            mirror.sync(view(4_000, eth(2_855, 2_850), List.of(old)));   // the close line already applied: nothing closed again
            assertThat(store.closedPositions(sub, 10)).hasSize(1);
            assertThat(store.positions(sub)).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(opened));
        }
    }
}
