package io.perpguard.live.venue;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A venue's position and the one mapping to the engine's {@link Position}. */
class LivePositionTest {
    @Test
    void test_signedSize_becomesSideAndQty_inCoresFieldNames() {
        LivePosition s = LivePosition.signed("ETHUSDT", PositionSide.BOTH, -2.5, 3_000, 10, MarginMode.CROSS, 0);
        assertThat(s.side()).isEqualTo(Side.SHORT);
        assertThat(s.qty()).isEqualTo(2.5);
        assertThat(s.signedQty()).isEqualTo(-2.5);
        assertThat(s.open()).isTrue();
        // a hedge leg's side is its leg's, whatever sign the venue gave
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.SHORT, 2.5, 3_000, 10, MarginMode.CROSS, 0).side()).isEqualTo(Side.SHORT);
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, 0, 0, 10, MarginMode.CROSS, 0).open()).isFalse();
    }

    @Test
    void aOneWayPositionReversed_isAnotherHolding_evenUnderTheSameOpeningMark() {
        LivePosition longPos = LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, 10, 3_000, 20, MarginMode.CROSS, 0, "1619507758793");
        LivePosition shortPos = LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, -5, 2_900, 20, MarginMode.CROSS, 0, "1619507758793");
        assertThat(shortPos.sameHolding(longPos)).isFalse();
        assertThat(LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, 4, 3_000, 20, MarginMode.CROSS, 0, "1619507758793").sameHolding(longPos))
                .as("reduced: the same").isTrue();
    }

    @Test
    void test_toPosition_isolatedWalletIsTheIsolatedMargin_andMissingLeverageIsOne() {
        LivePosition iso = LivePosition.signed("BTCUSDT", PositionSide.BOTH, 0.5, 60_000, 20, MarginMode.ISOLATED, 1_700);
        Position p = iso.toPosition(59_000);
        assertThat(p.side()).isEqualTo(Side.LONG);
        assertThat(p.qty()).isEqualTo(0.5);
        assertThat(p.entryPrice()).isEqualTo(60_000);
        assertThat(p.markPrice()).isEqualTo(59_000);
        assertThat(p.leverage()).isEqualTo(20);
        // initial margin 0.5 × 60,000 / 20 = 1,500; the venue's wallet of 1,700 is 200 added
        assertThat(p.marginAdded()).isCloseTo(200, within(1e-9));
        assertThat(p.isolatedMargin()).isCloseTo(1_700, within(1e-9));
        Position noLeverage = LivePosition.signed("BTCUSDT", PositionSide.BOTH, -0.5, 60_000, Double.NaN, MarginMode.CROSS, 0).toPosition(61_000);
        assertThat(noLeverage.leverage()).isEqualTo(1);
        assertThat(noLeverage.side()).isEqualTo(Side.SHORT);
        assertThat(noLeverage.marginAdded()).isZero();
    }

    /**
     * Another holding under the same key: another opening mark where both carry one, whatever else; without one, a side
     * flipped, or an entry moved while the size did not grow (a reduction keeps the entry, an addition moves it).
     */
    @Test
    void test_sameHolding_byOpeningMark_elseBySideAndEntry() {
        LivePosition held = LivePosition.signed("ETHUSDT", PositionSide.BOTH, 10, 3_000, 20, MarginMode.CROSS, 0);
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, 4, 3_000, 20, MarginMode.CROSS, 0).sameHolding(held)).as("reduced").isTrue();
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, 15, 2_950, 20, MarginMode.CROSS, 0).sameHolding(held)).as("added to").isTrue();
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, 10, 3_000.0004, 20, MarginMode.CROSS, 0).sameHolding(held))
                .as("the entry as another answer rounds it").isTrue();
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, 10, 2_855, 20, MarginMode.CROSS, 0).sameHolding(held)).as("another entry").isFalse();
        assertThat(LivePosition.signed("ETHUSDT", PositionSide.BOTH, -10, 3_000, 20, MarginMode.CROSS, 0).sameHolding(held)).as("reversed").isFalse();

        LivePosition okx = LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, 10, 3_000, 20, MarginMode.CROSS, 0, "1619507758793");
        assertThat(LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, 10, 3_000, 20, MarginMode.CROSS, 0, "1764700000000").sameHolding(okx))
                .as("created again, same entry and size").isFalse();
        assertThat(LivePosition.signed("ETH-USDT-SWAP", PositionSide.BOTH, 12, 2_990, 20, MarginMode.CROSS, 0, "1619507758793").sameHolding(okx))
                .isTrue();
        assertThat(okx.withLeverage(10).opened()).as("kept by an update without it").isEqualTo("1619507758793");
    }

    @Test
    void test_addedWithin_handWorked() {
        LivePosition old = new LivePosition("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0);
        // 10 added at 2,900: entry 2,950; the implied add price is 2,900
        LivePosition added = new LivePosition("ETHUSDT", Side.LONG, 20, 2_950, 20, MarginMode.CROSS, PositionSide.BOTH, 0);
        assertThat(added.grewFrom(old)).isTrue();
        assertThat(added.impliedAddPrice(old)).isCloseTo(2_900, within(1e-9));
        assertThat(added.addedWithin(old, 2_871, 2_929)).isTrue();
        // closed and 20 opened at 2,900: as an add the fills would average 2,800, below everything traded
        LivePosition reopened = new LivePosition("ETHUSDT", Side.LONG, 20, 2_900, 20, MarginMode.CROSS, PositionSide.BOTH, 0);
        assertThat(reopened.addedWithin(old, 2_871, 2_929)).isFalse();
        // both stamped: the stamps decide, nothing to infer
        assertThat(reopened.withOpened("2").grewFrom(old.withOpened("1"))).isFalse();
    }

    /** A real add — any size at an average fill inside the prices traded — is always explained as one. */
    @Property
    void addsAtFillsInsideTheRange_areAlwaysExplained(@ForAll @DoubleRange(min = 0.01, max = 1e4) double qty0,
                                                     @ForAll @DoubleRange(min = 0.01, max = 1e4) double added,
                                                     @ForAll @DoubleRange(min = 0.01, max = 1e5) double entry0,
                                                     @ForAll @DoubleRange(min = 0.5, max = 1.5) double lowFactor,
                                                     @ForAll @DoubleRange(min = 0, max = 0.5) double width,
                                                     @ForAll @DoubleRange(min = 0, max = 1) double where) {
        double low = entry0 * lowFactor, high = low * (1 + width), fill = low + where * (high - low);
        LivePosition old = new LivePosition("X", Side.SHORT, qty0, entry0, 10, MarginMode.CROSS, PositionSide.BOTH, 0);
        LivePosition now = new LivePosition("X", Side.SHORT, qty0 + added, (qty0 * entry0 + added * fill) / (qty0 + added), 10,
                MarginMode.CROSS, PositionSide.BOTH, 0);
        if (now.grewFrom(old)) {
            assertThat(now.addedWithin(old, low, high)).isTrue();
        }
    }
}
