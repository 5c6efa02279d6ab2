package io.perpguard.server;

import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live}: a mirrored position's close whose figures are the desk's until the venue reports it (V13).
 * <ul>
 * <li>A row gone from the view was labelled with the view's LAST close line of its symbol and side, however old: an ETH long
 * reopened at 3,100 and gone without a line of its own was booked as the earlier holding's liquidation at 2,856.5 (−2,435).
 * Only a line new since the view that last showed the row may label it; without one it is closed at its last mark and
 * said to be "closed (no venue report yet)", and the venue's line, when it comes, re-books it.</li>
 * <li>A liquidation the desk settled itself at its own mark keeps the desk's figures only until the venue's close line of the
 * position arrives: then the row gets the venue's reason, price and PnL — one row.</li>
 * </ul>
 */
class LiveMirrorProvisionalCloseTest {
    static final WatchView.Closed OLD = new WatchView.Closed("ETHUSDT", "long", "isolated", "liquidated", 2_856.5, 1_500, 2, 10);

    @Test
    void aRowGoneWithoutANewLine_isNotLabelledByAnOldOne_andTheVenuesLineReBooksIt() {
        try (DeskDatabase db = DeskDatabase.open("jdbc:h2:mem:live-mirror-provisional-a")) {
            DeskStore store = new DeskStore(db);
            LiveMirror mirror = new LiveMirror(store);
            mirror.sync(view(1_000, List.of(LiveMirrorReopenedTest.eth(3_000, 2_900)), List.of()));
            mirror.sync(view(2_000, List.of(), List.of(OLD)));   // the first holding liquidated: its own line
            long sub = sub(store);
            mirror.sync(view(3_000, List.of(LiveMirrorReopenedTest.eth(3_100, 3_050)), List.of(OLD)));   // another holding
            mirror.sync(view(4_000, List.of(), List.of(OLD)));   // gone, no line of its own yet

            assertThat(store.closedPositions(sub, 10)).hasSize(2);
            DeskStore.ClosedRow gone = store.closedPositions(sub, 10).get(0);
            assertThat(gone.entryPrice()).isEqualByComparingTo("3100");
            assertThat(gone.reason()).as("not the earlier holding's liquidation").isEqualTo("closed");
            assertThat(gone.closePrice()).as("its last mark").isEqualByComparingTo("3050");
            assertThat(gone.realizedPnl()).as("10 × (3,050 − 3,100)").isEqualByComparingTo("-500");
            assertThat(gone.provisional()).isEqualTo("closed (no venue report yet)");

            WatchView.Closed own = new WatchView.Closed("ETHUSDT", "long", "isolated", "closed", 3_040, 4_500, 2, 10);
            mirror.sync(view(5_000, List.of(), List.of(OLD, own)));
            assertThat(store.closedPositions(sub, 10)).as("re-booked, not another row").hasSize(2);
            DeskStore.ClosedRow rebooked = store.closedPositions(sub, 10).get(0);
            assertThat(rebooked.id()).isEqualTo(gone.id());
            assertThat(rebooked.reason()).isEqualTo("closed");
            assertThat(rebooked.closePrice()).isEqualByComparingTo("3040");
            assertThat(rebooked.realizedPnl()).as("10 × (3,040 − 3,100)").isEqualByComparingTo("-600");
            assertThat(rebooked.provisional()).as("final").isNull();
            DeskStore.ClosedRow first = store.closedPositions(sub, 10).get(1);
            assertThat(first.entryPrice()).isEqualByComparingTo("3000");
            assertThat(first.reason()).isEqualTo("liquidation");
            assertThat(first.provisional()).isNull();
        }
    }

    @Test
    void theDesksOwnLiquidation_isReBookedWithTheVenuesFigures_oneRow() {
        try (DeskDatabase db = DeskDatabase.open("jdbc:h2:mem:live-mirror-provisional-b")) {
            DeskStore store = new DeskStore(db);
            LiveMirror mirror = new LiveMirror(store);
            WatchView.Row eth = LiveMirrorReopenedTest.eth(3_000, 2_860);
            mirror.sync(view(1_000, List.of(eth), List.of()));
            long sub = sub(store);
            // the desk's mark crossed the liquidation price: it settles the row itself, at the bankruptcy price 2,850, −1,500
            DeskStore.PositionRow row = store.positions(sub).get(0);
            store.close(sub, List.of(new DeskStore.Closing(row, "liquidation", 2_850, 2_848, -1_500).provisional(DeskStore.PROVISIONAL_DESK)),
                    new java.math.BigDecimal("8500"), 1_500);
            assertThat(store.closedPositions(sub, 10).get(0).provisional()).isEqualTo("liquidated at the desk's mark (no venue report yet)");
            mirror.sync(view(2_000, List.of(eth), List.of()));   // the venue still holds it: not opened again
            assertThat(store.positions(sub)).isEmpty();

            // a line of another size is about another holding: it leaves the row as the desk booked it
            mirror.sync(view(3_000, List.of(eth), List.of(new WatchView.Closed("ETHUSDT", "long", "isolated", "closed", 2_900, 2_500, 2, 4))));
            assertThat(store.closedPositions(sub, 10).get(0).provisional()).isNotNull();

            WatchView.Closed venue = new WatchView.Closed("ETHUSDT", "long", "isolated", "liquidated", 2_862.5, 3_500, 2, 10);
            mirror.sync(view(4_000, List.of(), List.of(new WatchView.Closed("ETHUSDT", "long", "isolated", "closed", 2_900, 2_500, 2, 4), venue)));
            assertThat(store.closedPositions(sub, 10)).as("one row of the liquidation").singleElement().satisfies(c -> {
                assertThat(c.reason()).isEqualTo("liquidation");
                assertThat(c.closePrice()).as("the venue's price, not the desk's 2,850").isEqualByComparingTo("2862.5");
                assertThat(c.markPrice()).isEqualByComparingTo("2862.5");
                assertThat(c.realizedPnl()).as("10 × (2,862.5 − 3,000), not the desk's −1,500").isEqualByComparingTo("-1375");
                assertThat(c.provisional()).isNull();
            });
            assertThat(store.positions(sub)).isEmpty();
            mirror.sync(view(5_000, List.of(), List.of(venue)));   // applied: nothing again
            assertThat(store.closedPositions(sub, 10)).hasSize(1);
        }
    }

    static WatchView view(long t, List<WatchView.Row> rows, List<WatchView.Closed> closed) {
        return new WatchView("main", "binance", t, false, null, 10_000, Double.NaN, rows, closed);
    }

    private static long sub(DeskStore store) {
        long live = store.accounts().stream().filter(a -> a.name().equals(LiveMirror.ACCOUNT)).findFirst().orElseThrow().id();
        return store.subAccounts(live).stream().filter(s -> s.name().equals("main")).findFirst().orElseThrow().id();
    }
}
