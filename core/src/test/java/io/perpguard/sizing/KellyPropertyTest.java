package io.perpguard.sizing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** Invariants of Kelly: what the source (Kelly 1956) says the fraction is, and what perpguard then recommends. */
final class KellyPropertyTest {

    /** Expected log growth per trade of betting f with win rate W and payoff R (what Kelly maximises). */
    private static double logGrowth(double w, double r, double f) {
        return w * Math.log1p(f * r) + (1 - w) * Math.log1p(-f);
    }

    @Property(tries = 500)
    void kellyFraction_maximisesTheExpectedLogGrowth(
            @ForAll @Scale(4) @DoubleRange(min = 0.01, max = 0.95) double edge,
            @ForAll @Scale(4) @DoubleRange(min = 0.1, max = 10) double r) {
        // the win rate whose Kelly fraction is `edge`: W − (1 − W)/R = e ⇔ W = (eR + 1)/(R + 1)
        double w = (edge * r + 1) / (r + 1);
        double f = Kelly.fraction(w, r);
        assertThat(f).isCloseTo(edge, offset(1e-9));
        double g = logGrowth(w, r, f);
        assertThat(g).isGreaterThan(0);
        assertThat(g).isGreaterThanOrEqualTo(logGrowth(w, r, f - 0.001));
        assertThat(g).isGreaterThanOrEqualTo(logGrowth(w, r, f + 0.001));
    }

    @Property(tries = 500)
    void noEdge_recommendsNothing_andAnEdgeNeverMoreThanTheCapOrTheKellyShare(
            @ForAll @Scale(4) @DoubleRange(min = 0.01, max = 0.99) double w,
            @ForAll @Scale(4) @DoubleRange(min = 0.05, max = 20) double r,
            @ForAll @Scale(3) @DoubleRange(min = 0.05, max = 1) double fraction,
            @ForAll @Scale(3) @DoubleRange(min = 0.001, max = 1) double cap) {
        KellyResult k = Kelly.evaluate(w, r, fraction, cap);
        if (w - (1 - w) / r <= 0) {
            // no edge: betting anything has a negative log growth, so Kelly risks 0, never a negative size
            assertThat(k.edge()).isFalse();
            assertThat(k.recommendedRiskFraction()).isZero();
            assertThat(k.fractionalKelly()).isZero();
            assertThat(logGrowth(w, r, 0.001)).isLessThanOrEqualTo(1e-12);
        } else {
            assertThat(k.edge()).isTrue();
            assertThat(k.recommendedRiskFraction()).isPositive().isLessThanOrEqualTo(cap)
                    .isLessThanOrEqualTo(k.fractionalKelly()).isLessThanOrEqualTo(k.kellyFraction());
        }
    }

    @Property(tries = 200)
    void breakEvenTrades_changeNeitherKellyNorPayoff_andDiluteTheExpectancy(
            @ForAll @IntRange(min = 1, max = 40) int wins,
            @ForAll @IntRange(min = 1, max = 40) int losses,
            @ForAll @IntRange(min = 1, max = 40) int scratches,
            @ForAll @Scale(2) @DoubleRange(min = 1, max = 500) double win,
            @ForAll @Scale(2) @DoubleRange(min = 1, max = 500) double loss) {
        double[] decisive = new double[wins + losses];
        Arrays.fill(decisive, 0, wins, win);
        Arrays.fill(decisive, wins, wins + losses, -loss);
        double[] all = Arrays.copyOf(decisive, wins + losses + scratches);   // the extra trades are 0: break-even
        KellyEstimate a = Kelly.fromTrades(decisive, 0.5, 0.02, 100, 1);
        KellyEstimate b = Kelly.fromTrades(all, 0.5, 0.02, 100, 1);
        // a scratch is ln(1) = 0 in the log growth whatever f is, so it cannot move the maximising f
        assertThat(b.kelly().kellyFraction()).isEqualTo(a.kelly().kellyFraction());
        assertThat(b.kelly().winRate()).isEqualTo(a.kelly().winRate());
        assertThat(b.kelly().payoff()).isEqualTo(a.kelly().payoff());
        assertThat(b.kelly().edge()).isEqualTo(a.kelly().edge());
        // the expectancy per trade is the mean net result over all trades, in average losses
        double mean = (wins * win - losses * loss) / all.length;
        assertThat(b.expectancyR()).isCloseTo(mean / loss, offset(1e-9 * (1 + Math.abs(mean / loss))));
    }
}
