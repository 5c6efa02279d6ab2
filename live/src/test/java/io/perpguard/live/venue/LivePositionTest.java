package io.perpguard.live.venue;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
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
}
