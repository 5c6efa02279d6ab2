package io.perpguard.server;

import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live}: the venue's liquidation order came after the update that closed the position, so the watcher's close
 * line said "closed" and, a moment later, "liquidated" (the same line, the liquidation's price). The desk booked the close
 * and never touched the row again: its history said closed, at the mark, with that PnL. Now the row booked from the line is
 * re-booked as the liquidation — one row, with the figures it gets when the report comes first — and the relabel closes
 * nothing held since under the key.
 */
class LiveMirrorRelabelTest {
    static final WatchView.Closed CLOSED = new WatchView.Closed("ETHUSDT", "long", "isolated", "closed", 2_870, 5_000, 2);
    static final WatchView.Closed LIQUIDATED = new WatchView.Closed("ETHUSDT", "long", "isolated", "liquidated", 2_856.5, 5_000, 2);

    static WatchView view(long t, List<WatchView.Row> rows, List<WatchView.Closed> closed) {
        return new WatchView("main", "binance", t, false, null, 10_000, Double.NaN, rows, closed);
    }

    @Test
    void aCloseRelabelledLiquidated_isReBookedAsTheLiquidation_oneRow_asIfTheReportCameFirst() {
        DeskStore.ClosedRow closeFirst = history("relabel-a", List.of(CLOSED), List.of(LIQUIDATED));
        DeskStore.ClosedRow reportFirst = history("relabel-b", List.of(LIQUIDATED));
        assertThat(closeFirst.reason()).isEqualTo("liquidation");
        assertThat(closeFirst.closePrice()).isEqualByComparingTo("2856.5");
        assertThat(closeFirst.markPrice()).isEqualByComparingTo("2856.5");
        // 10 ETH long from 3,000 closed at 2,856.5: -1,435
        assertThat(closeFirst.realizedPnl()).isEqualByComparingTo("-1435");
        assertThat(closeFirst).usingRecursiveComparison().ignoringFields("id", "subAccountId", "positionId", "closedAtMs").isEqualTo(reportFirst);
    }

    @Test
    void theRelabel_closesNothingHeldSinceUnderTheKey() {
        try (DeskDatabase db = DeskDatabase.open("jdbc:h2:mem:live-mirror-relabel-c")) {
            DeskStore store = new DeskStore(db);
            LiveMirror mirror = new LiveMirror(store);
            mirror.sync(view(1_000, List.of(LiveMirrorReopenedTest.eth(3_000, 2_900)), List.of()));
            mirror.sync(view(6_000, List.of(), List.of(CLOSED)));
            long sub = sub(store);
            WatchView.Row next = LiveMirrorReopenedTest.eth(3_100, 3_100);
            mirror.sync(view(7_000, List.of(next), List.of(CLOSED)));   // a new position under the key
            long opened = store.positions(sub).get(0).id();
            mirror.sync(view(8_000, List.of(next), List.of(LIQUIDATED)));
            assertThat(store.positions(sub)).as("the new holding stays open").singleElement()
                    .satisfies(p -> assertThat(p.id()).isEqualTo(opened));
            assertThat(store.closedPositions(sub, 10)).singleElement().satisfies(c -> {
                assertThat(c.reason()).isEqualTo("liquidation");
                assertThat(c.entryPrice()).isEqualByComparingTo("3000");
            });
            mirror.sync(view(9_000, List.of(next), List.of(LIQUIDATED)));   // applied: nothing again
            assertThat(store.closedPositions(sub, 10)).hasSize(1);
        }
    }

    /** An ETH long from 3,000 mirrored, then the views {@code then} (each: the close lines, nothing held): the one closed row. */
    @SafeVarargs
    private static DeskStore.ClosedRow history(String db, List<WatchView.Closed>... then) {
        try (DeskDatabase d = DeskDatabase.open("jdbc:h2:mem:live-mirror-" + db)) {
            DeskStore store = new DeskStore(d);
            LiveMirror mirror = new LiveMirror(store);
            mirror.sync(view(1_000, List.of(LiveMirrorReopenedTest.eth(3_000, 2_900)), List.of()));
            long t = 6_000;
            for (List<WatchView.Closed> lines : then) {
                mirror.sync(view(t += 1_000, List.of(), lines));
            }
            long sub = sub(store);
            assertThat(store.positions(sub)).isEmpty();
            List<DeskStore.ClosedRow> rows = store.closedPositions(sub, 10);
            assertThat(rows).as("one row of the close").hasSize(1);
            return rows.get(0);
        }
    }

    private static long sub(DeskStore store) {
        long live = store.accounts().stream().filter(a -> a.name().equals(LiveMirror.ACCOUNT)).findFirst().orElseThrow().id();
        return store.subAccounts(live).stream().filter(s -> s.name().equals("main")).findFirst().orElseThrow().id();
    }
}
