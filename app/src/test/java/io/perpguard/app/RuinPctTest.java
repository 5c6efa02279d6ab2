package io.perpguard.app;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.sim.Policy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One meaning of a ruin percentage: equity this percent below the starting equity. {@code simulate --ruin-pct 10} was the
 * equity left (a 90 % loss) while {@code recovery --ruin-pct 10} was a 10 % loss.
 */
class RuinPctTest {
    static final Instruments BUNDLED = TierTables.bundled();

    static SimulateUseCase.Request simulate(CandleSeries c, Double ruinPct, int horizonDays) {
        return new SimulateUseCase.Request(c, "falling", null, null, 0.0, new Policy.AllIn(1), "all-in 1x", null, null, 4, horizonDays, 1L, 1,
                24, null, 10_000.0, ruinPct, "BTCUSDT", List.of());
    }

    static RecoveryUseCase.Request recovery(Double ruinPct) {
        return new RecoveryUseCase.Request(null, 0.45, 1.5, 10.0, ruinPct, 100, 100, 1L);
    }

    /** Hourly bars falling 0.1 % each (high = the previous close, low = the close): every bootstrapped path is this fall. */
    static CandleSeries falling(int n) {
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double close = 60_000;
        for (int i = 0; i < n; i++) {
            t[i] = 1_672_531_200_000L + i * 3_600_000L;
            o[i] = close;
            h[i] = close;
            close *= 0.999;
            c[i] = close;
            l[i] = close;
            v[i] = 1;
        }
        return new CandleSeries("BTCUSDT", t, o, h, l, c, v);
    }

    @Property
    void samePercent_sameFloor_inSimulateAndRecovery(@ForAll @DoubleRange(min = RuinPct.MIN, max = RuinPct.MAX) @Scale(6) double p) {
        double sim = simulate(falling(400), p, 1).ruinFloor(), rec = recovery(p).ruinFloor();
        assertThat(sim).isEqualTo(rec).isEqualTo(1 - p / 100);
    }

    @Test
    void defaults_simulate90_recovery50_areLossesFromTheStart() {
        // simulate's floor stays where it was (10 % of the start, the desk's survival panel), now said as a 90 % loss
        assertThat(simulate(falling(400), null, 1).ruinPct()).isEqualTo(90);
        assertThat(simulate(falling(400), null, 1).ruinFloor()).isEqualTo(0.1, within(1e-15));
        assertThat(recovery(null).ruinFloor()).isEqualTo(0.5);
    }

    @Test
    void simulate_ruinPct10_isA10PercentLoss_notA90PercentOne() {
        // all-in at 1x on a 0.1 %/h fall, no funding: equity after the 0.05 % opening fee follows the price, so a 10 % loss
        // (floor 9,000) comes when 0.999^k < 0.9 + 0.0005 → k > ln 0.9005 / ln 0.999 = 104.8: the close of bar 105, 4.375 days
        SimulateUseCase.Result tenPct = SimulateUseCase.run(simulate(falling(400), 10.0, 30), BUNDLED);
        assertThat(tenPct.ruinedShare()).isEqualTo(1);
        assertThat(tenPct.medianDaysToRuin()).isEqualTo(105 / 24.0, within(1e-9));
        assertThat(tenPct.ruinPct()).isEqualTo(10);
        // a 90 % loss needs 0.999^k < 0.1005: k > 2,296, beyond 30 days (720 bars), where the price is down 51 %
        SimulateUseCase.Result ninetyPct = SimulateUseCase.run(simulate(falling(400), 90.0, 30), BUNDLED);
        assertThat(ninetyPct.survivalAtHorizon()).isEqualTo(1);
    }

    @Test
    void recovery_ruinPct_isTheLossTheLundbergBoundUses() {
        // the upper bound is floor^γ: a deeper loss before ruin is less likely
        double shallow = RecoveryUseCase.run(recovery(10.0)).riskOfRuin().ruinProbabilityUpperBound();
        double deep = RecoveryUseCase.run(recovery(90.0)).riskOfRuin().ruinProbabilityUpperBound();
        assertThat(shallow).isGreaterThan(deep);
    }
}
