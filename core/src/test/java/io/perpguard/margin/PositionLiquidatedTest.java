package io.perpguard.margin;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PositionReport#liquidated()}: the mark at or past the liquidation price (margin ratio 100 %), the flag
 * {@code calc --json} and {@code /api/calc} carry — not the side against the level.
 */
class PositionLiquidatedTest {
    static final Instrument BTC = new Instrument(new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125),
            RiskTiers.of("BTCUSDT", new double[]{0, 50_000}, new double[]{50_000, 600_000}, new double[]{125, 100}, new double[]{0.004, 0.005}));

    static PositionReport isolatedLongAt(double mark) {
        return MarginCalculator.evaluate(new Position("BTCUSDT", Side.LONG, 1, 60_000, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, mark), BTC, 0);
    }

    @Test
    void aMarkPastTheLiquidationPrice_isLiquidated_oneBeforeItIsNot() {
        PositionReport live = isolatedLongAt(60_000);
        assertThat(live.liquidated()).isFalse();
        double lp = live.liquidationPriceExact();
        assertThat(isolatedLongAt(55_000).liquidated()).isTrue();
        assertThat(isolatedLongAt(Math.floor(lp * 10) / 10).liquidated()).as("a tick below %s", lp).isTrue();
        assertThat(isolatedLongAt(Math.ceil(lp * 10) / 10 + 0.1).liquidated()).as("above %s", lp).isFalse();
    }

    @Test
    void theShortLegOfANetLongHedge_isNotLiquidatedByItsLevelBelowItsMark() {
        Position lg = new Position("BTCUSDT", Side.LONG, 2, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        Position sh = new Position("BTCUSDT", Side.SHORT, 1, 60_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        AccountReport r = MarginCalculator.evaluate(new Account(10_000, List.of(lg, sh)), Instruments.of(BTC));
        assertThat(r.positions().get(1).liquidationPrice()).isLessThan(60_000);
        assertThat(r.positions()).noneMatch(PositionReport::liquidated);
        // the wallet gone: both legs are liquidated at these marks
        AccountReport gone = MarginCalculator.evaluate(new Account(100, List.of(lg, sh)), Instruments.of(BTC));
        assertThat(gone.positions()).allMatch(PositionReport::liquidated);
    }
}
