package io.perpguard.app;

import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.sim.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code simulate --side short}: the request's side turns the policy short (a leverage override keeps it), the report
 * names it, and a short all-in on a rising market is liquidated where the same long survives.
 */
class SimulateSideTest {
    static final Instruments BUNDLED = TierTables.bundled();

    /** Hourly bars rising 0.1 % each (low = the previous close, high = the close). */
    static CandleSeries rising(int n) {
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double close = 60_000;
        for (int i = 0; i < n; i++) {
            t[i] = 1_672_531_200_000L + i * 3_600_000L;
            o[i] = close;
            l[i] = close;
            close *= 1.001;
            c[i] = close;
            h[i] = close;
            v[i] = 1;
        }
        return new CandleSeries("BTCUSDT", t, o, h, l, c, v);
    }

    static SimulateUseCase.Result run(Policy policy, Double leverage, Side side) {
        return SimulateUseCase.run(new SimulateUseCase.Request(rising(400), "rising", null, null, 0.0, policy, "p", leverage, side, 4, 5, 1L, 1,
                24, null, 10_000.0, null, "BTCUSDT", List.of()), BUNDLED);
    }

    @Test
    void short_allIn_onARise_isLiquidated_theLongIsNot() {
        SimulateUseCase.Result shortRun = run(Policy.traderA(), null, Side.SHORT);
        assertThat(shortRun.side()).isEqualTo(Side.SHORT);
        assertThat(shortRun.policyRule()).contains("short from the first bar");
        assertThat(shortRun.liquidatedShare()).isEqualTo(1);
        SimulateUseCase.Result longRun = run(Policy.traderA(), null, null);
        assertThat(longRun.side()).isEqualTo(Side.LONG);
        assertThat(longRun.liquidatedShare()).isZero();
        assertThat(longRun.terminalEquityPercentiles().p50()).isGreaterThan(10_000);
    }

    @Test
    void leverageOverride_keepsThePolicysSide() {
        SimulateUseCase.Result r = run(new Policy.AllIn(50, Side.SHORT), 5.0, null);
        assertThat(r.side()).isEqualTo(Side.SHORT);
        assertThat(r.policyRule()).contains("at 5x, short");
        SimulateUseCase.Result b = run(Policy.traderB(), 5.0, Side.SHORT);
        assertThat(b.policyRule()).contains("above entry, isolated 5x, short whenever flat");
        // every short on a steady rise is stopped out: equity falls, never liquidated
        assertThat(b.liquidatedShare()).isZero();
        assertThat(b.terminalEquityPercentiles().p50()).isLessThan(10_000);
    }

    /** A leverage override outside the policy's range names the whole range (0 said "must be greater than 0"). */
    @Test
    void leverageOverride_outOfRange_namesTheRange() {
        assertThatThrownBy(() -> run(Policy.traderB(), 0.0, null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("leverage: 0 is outside the allowed range 1 to 125");
        assertThatThrownBy(() -> run(Policy.traderA(), 200.0, Side.SHORT)).hasMessage("leverage: 200 is outside the allowed range 1 to 125");
    }

    @Test
    void badSide_isRefusedByName() {
        assertThatThrownBy(() -> Side.parse("side", "flat")).isInstanceOf(InvalidInputException.class)
                .hasMessage("side: 'flat' is not a side; use long or short");
    }
}
