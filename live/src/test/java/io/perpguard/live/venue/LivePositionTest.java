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
}
