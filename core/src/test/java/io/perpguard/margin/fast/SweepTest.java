package io.perpguard.margin.fast;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.BatchReprice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SweepTest {
    /** Random isolated positions and tiers: every ratio and flag equals the reference engine's, bit for bit. */
    @Property(tries = 200)
    void sweep_equalsTheReferenceEngine(@ForAll long seed) {
        Random r = new Random(seed);
        RiskTiers tiers = RandomBooks.tiers(r, "XUSDT");
        int n = 1 + r.nextInt(300);
        double mark = 1 + r.nextDouble() * 100_000;
        double[] q = new double[n], e = new double[n], m = new double[n], ratio = new double[n];
        boolean[] liq = new boolean[n];
        Position[] ps = new Position[n];
        for (int i = 0; i < n; i++) {
            double entry = mark * (0.5 + r.nextDouble());
            double qty = tiers.maxNotional() / Math.max(entry, mark) / 1.01 * Math.exp(-r.nextDouble() * 12);
            double lev = 1 + r.nextDouble() * (tiers.maxLeverageFor(qty * entry) - 1);
            Side side = r.nextBoolean() ? Side.LONG : Side.SHORT;
            ps[i] = new Position("XUSDT", side, qty, entry, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry);
            q[i] = side.sign() * qty;
            e[i] = entry;
            m[i] = ps[i].isolatedMargin();
        }
        int count = new Sweep(TierTable.of(tiers)).reprice(mark, q, e, m, ratio, liq);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            double ref = MarginCalculator.isolatedMarginRatioAt(ps[i], tiers, mark);
            assertThat(ratio[i]).as("position %d", i).isEqualTo(ref);
            assertThat(liq[i]).isEqualTo(ref >= 1);
            expected += ref >= 1 ? 1 : 0;
        }
        assertThat(count).isEqualTo(expected);
    }

    /** Large enough to run on every core: the same ratios and flags as the reference batch kernel. */
    @Test
    void parallelSweep_equalsTheSingleThreadedReference() {
        Random r = new Random(3);
        RiskTiers tiers = RandomBooks.BTC;
        int n = 4 * Sweep.MIN_PART + 17;
        double[] q = new double[n], e = new double[n], m = new double[n], ratio = new double[n], ref = new double[n];
        boolean[] liq = new boolean[n], refLiq = new boolean[n];
        for (int i = 0; i < n; i++) {
            double qty = 0.001 + r.nextDouble() * 5;
            e[i] = 50_000 + r.nextDouble() * 20_000;
            q[i] = r.nextBoolean() ? qty : -qty;
            m[i] = qty * e[i] / (1 + r.nextInt(100));
        }
        int refCount = new BatchReprice(tiers).reprice(58_000, q, e, m, ref, refLiq);
        int count = new Sweep(TierTable.of(tiers)).reprice(58_000, q, e, m, ratio, liq);
        assertThat(count).isEqualTo(refCount).isPositive().isLessThan(n);
        assertThat(ratio).containsExactly(ref);
        assertThat(liq).containsExactly(refLiq);
    }
}
