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
import static org.assertj.core.api.Assertions.within;

class SweepTest {
    /**
     * Random isolated positions and tiers: every ratio equals the reference engine's within 1e-12 relative (bit for
     * bit on the tier-search path), and so does every flag not within 1e-9 of the boundary.
     */
    @Property(tries = 200)
    void sweep_equalsTheReferenceEngine(@ForAll long seed) {
        Random r = new Random(seed);
        RiskTiers tiers = RandomBooks.tiers(r, "XUSDT");
        int n = 1 + r.nextInt(300);
        double mark = 1 + r.nextDouble() * 100_000;
        // half the books stay within the first four tiers (the vectorized hinge form), half span them all (tier search)
        int nt = tiers.brackets().size();
        double top = r.nextBoolean() || nt < 4 ? tiers.maxNotional() : tiers.brackets().get(3).notionalFloor();
        double[] q = new double[n], e = new double[n], m = new double[n], ratio = new double[n];
        boolean[] liq = new boolean[n];
        Position[] ps = new Position[n];
        for (int i = 0; i < n; i++) {
            double entry = mark * (0.5 + r.nextDouble());
            double qty = top / Math.max(entry, mark) / 1.01 * Math.exp(-r.nextDouble() * 12);
            double lev = 1 + r.nextDouble() * (tiers.maxLeverageFor(qty * entry) - 1);
            Side side = r.nextBoolean() ? Side.LONG : Side.SHORT;
            ps[i] = new Position("XUSDT", side, qty, entry, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry);
            q[i] = side.sign() * qty;
            e[i] = entry;
            m[i] = ps[i].isolatedMargin();
        }
        Sweep sweep = new Sweep(TierTable.of(tiers));
        int count = sweep.reprice(mark, q, e, m, ratio, liq);
        double[] searched = new double[n];
        boolean[] searchedLiq = new boolean[n];
        int searchedCount = sweep.searched(mark, q, e, m, searched, searchedLiq, 0, n);
        int expected = 0, nearOne = 0;
        for (int i = 0; i < n; i++) {
            double ref = MarginCalculator.isolatedMarginRatioAt(ps[i], tiers, mark);
            assertThat(searched[i]).as("position %d", i).isEqualTo(ref);
            assertThat(searchedLiq[i]).isEqualTo(ref >= 1);
            if (Double.isInfinite(ref)) {
                assertThat(ratio[i]).isEqualTo(ref);
            } else {
                assertThat(ratio[i]).as("position %d", i).isCloseTo(ref, within(1e-12 * ref));
            }
            if (Math.abs(ref - 1) > 1e-9) {
                assertThat(liq[i]).isEqualTo(ref >= 1);
            } else {
                nearOne++;
            }
            expected += ref >= 1 ? 1 : 0;
        }
        assertThat(searchedCount).isEqualTo(expected);
        assertThat(Math.abs(count - expected)).isLessThanOrEqualTo(nearOne);
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
        for (int i = 0; i < n; i++) {
            assertThat(ratio[i]).isCloseTo(ref[i], within(1e-12 * ref[i]));
        }
        assertThat(liq).containsExactly(refLiq);
    }
}
