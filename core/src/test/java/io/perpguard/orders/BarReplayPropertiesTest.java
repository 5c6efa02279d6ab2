package io.perpguard.orders;

import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BarReplayPropertiesTest {
    /** A stop-market filled at its price (no gap, no slippage) loses exactly 1R — R includes the fees — for either side. */
    @Property(tries = 200)
    void stopFilledAtItsPrice_isMinusOneR(@ForAll @DoubleRange(min = 0.5, max = 15) double distance, @ForAll boolean isLong) {
        Side side = isLong ? Side.LONG : Side.SHORT;
        int s = side.sign();
        double stop = 100 - s * distance;
        // bar 1 trades through the stop and back, far short of any 20R target
        CandleSeries c = BarReplayTest.bars("100 100.2 99.8 100", isLong ? "100 100.1 " + (stop - 1) + " 100" : "100 " + (stop + 1) + " 99.9 100");
        OrderPlan plan = new OrderPlan("BTCUSDT", side, BarReplayTest.T0, ScaleLadder.market(), StopOrder.market(stop),
                List.of(TakeProfit.atR(20, 25)), 1, null, 0, 0, 2, 10_000, 1, 1, 0);
        ReplayResult r = BarReplay.run(plan, c, null, BarReplayTest.INST);
        assertThat(r.trades()).hasSize(1);
        // an off-tick stop is placed at the tick away from the entry (as stops suggests it), and fills there
        double placed = io.perpguard.instrument.TickRule.EXIT.apply(BarReplayTest.BTC, stop, isLong);
        assertThat(r.trades().get(0).exitPrice()).isEqualTo(placed);
        assertThat(r.totalR()).isCloseTo(-1, within(1e-9));
        assertThat(r.finalEquity()).isCloseTo(10_000 - r.riskAmount(), within(1e-9));
    }
}
