package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The book's refill over one step, dC/dt = −k·x(C), x = min(X, (|C|/depth)^(1/β)), integrated exactly
 * ({@link EventKernel#refilled}; docs/cascade-rounds.md, exact refill): u = |C|/depth has u^(1−p) linear in time, p = 1/β.
 */
class ExactRefillTest {
    private static final double DEPTH = 1e8;

    @Test
    void oneStep_handWorked_forEachKindOfExponent() {
        // k = $1M/s per %, 10 s: k·t/depth = 0.1
        // β ½ (p 2): 1/u grows by 0.1 — u₀ 2 (x₀ 4 %) → 1/u = 0.5 + 0.1 → u = 1/0.6; the explicit step gave 2 − 0.4 = 1.6
        assertThat(EventKernel.refilled(2e8, DEPTH, 1e6, 10, 0.5)).isCloseTo(1e8 / 0.6, within(1.0));
        // β 2 (p ½): √u falls by ½·0.1 — u₀ 4 (x₀ 2 %) → √u = 2 − 0.05 = 1.95 → u = 3.8025
        assertThat(EventKernel.refilled(4e8, DEPTH, 1e6, 10, 2)).isCloseTo(3.8025e8, within(1.0));
        // ... and reaches zero at t = 2 / 0.005 = 400 s, staying there (never past the anchor)
        assertThat(EventKernel.refilled(4e8, DEPTH, 1e6, 399, 2)).isPositive();
        assertThat(EventKernel.refilled(4e8, DEPTH, 1e6, 401, 2)).isZero();
        // β 1: exponential, e^(−0.1)
        assertThat(EventKernel.refilled(4e8, DEPTH, 1e6, 10, 1)).isCloseTo(4e8 * Math.exp(-0.1), within(1.0));
        // the ask side (bought depth, C < 0) refills the same way
        assertThat(EventKernel.refilled(-2e8, DEPTH, 1e6, 10, 0.5)).isCloseTo(-1e8 / 0.6, within(1.0));
    }

    @Test
    void pastTheWalksCap_theRefillIsLinearAtTheCap() {
        // x capped at X = 921 %: u₀ = 2·X^β, refill k·X per second while still beyond the cap
        double cap = DEPTH * Math.pow(EventKernel.MAX_WALK, 0.78), c = 2 * cap, k = 1e3;
        assertThat(EventKernel.refilled(c, DEPTH, k, 5, 0.78)).isCloseTo(c - k * EventKernel.MAX_WALK * 5, within(1e-6 * c));
        // crossing the cap within the step: the linear part, then the power law from the cap (β ½ there: 1/u grows by k·t/depth)
        double capHalf = DEPTH * Math.sqrt(EventKernel.MAX_WALK), toCap = capHalf / (k * 1e3 * EventKernel.MAX_WALK);
        double after = EventKernel.refilled(2 * capHalf, DEPTH, k * 1e3, toCap + 1000, 0.5);
        assertThat(after / DEPTH).isCloseTo(1 / (1 / Math.sqrt(EventKernel.MAX_WALK) + k * 1e3 * 1000 / DEPTH), within(1e-9));
    }

    /**
     * For k·x₀·dt ≪ |C₀| the exact step is the old explicit one, |C₀| − k·x₀·dt: they differ by p·r²·|C₀|/2 + O(r³),
     * r = k·x₀·dt/|C₀|, p = 1/β; asserted within twice that (walks below the cap: at most 20 D₁, x₀ ≤ 400 %).
     */
    @Property(tries = 200)
    void smallRefill_agreesWithTheExplicitStep(@ForAll @DoubleRange(min = 0.5, max = 2.5) double beta,
                                               @ForAll @DoubleRange(min = 1e6, max = 2e9) double c,
                                               @ForAll @DoubleRange(min = 1e-6, max = 1e-3) @Scale(9) double r) {
        double x0 = Math.pow(c / DEPTH, 1 / beta), dt = 2, k = r * c / (x0 * dt);
        double explicit = c - k * x0 * dt, exact = EventKernel.refilled(c, DEPTH, k, dt, beta);
        assertThat(Math.abs(exact - explicit)).isLessThanOrEqualTo(r * r * c / beta);
        assertThat(exact).isLessThan(c).isPositive();
    }

    /** Order is kept: more consumed depth before the step is never less after it, however fast the refill. */
    @Property(tries = 300)
    void moreConsumed_neverLessAfterTheStep(@ForAll @DoubleRange(min = 0.5, max = 2.5) double beta,
                                            @ForAll @DoubleRange(min = 1e5, max = 1e11) double c,
                                            @ForAll @DoubleRange(min = 1.0001, max = 4) @Scale(5) double more,
                                            @ForAll @DoubleRange(min = 1e3, max = 1e9) double k) {
        assertThat(EventKernel.refilled(c * more, DEPTH, k, 5, beta)).isGreaterThanOrEqualTo(EventKernel.refilled(c, DEPTH, k, 5, beta));
    }

    /** Exact over the step: two steps of t₁ and t₂ are one step of t₁ + t₂ (an explicit step is not). */
    @Property(tries = 200)
    void twoSteps_areOneStepOfTheirSum(@ForAll @DoubleRange(min = 0.5, max = 2.5) double beta,
                                       @ForAll @DoubleRange(min = 1e5, max = 1e10) double c,
                                       @ForAll @DoubleRange(min = 1e4, max = 1e7) double k,
                                       @ForAll @DoubleRange(min = 0.1, max = 10) double t1, @ForAll @DoubleRange(min = 0.1, max = 10) double t2) {
        double once = EventKernel.refilled(c, DEPTH, k, t1 + t2, beta);
        double half = EventKernel.refilled(c, DEPTH, k, t1, beta);
        double twice = half == 0 ? 0 : EventKernel.refilled(half, DEPTH, k, t2, beta);
        assertThat(twice).isCloseTo(once, within(1e-9 * c));
    }
}
