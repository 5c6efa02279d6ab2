package io.perpguard.cascade;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ladder comes from pre-event observables: OI flow, funding, price path; missing series are reported. */
class StateLadderTest {
    private static final long H = 3_600_000L;
    private static final double P = 100_000;

    /** 30 days of 4-h bars drifting from {@code from} to {@code to} with ±0.5 % ranges. */
    static MarketState state(double from, double to, double oiStart, double oiEnd, double[] funding) {
        int n = 180;
        long[] t = new long[n];
        double[] c = new double[n], hi = new double[n], lo = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 4 * H;
            c[i] = from * Math.pow(to / from, i / (n - 1.0));
            hi[i] = c[i] * 1.005;
            lo[i] = c[i] * 0.995;
        }
        long[] ot = {0, (n - 1) * 4 * H};
        double[] ov = {oiStart, oiEnd};
        return new MarketState(720, t, c, hi, lo, ot, ov, funding, Double.NaN, Double.NaN, 200e6, Double.NaN);
    }

    private static StateLadder.Built build(MarketState s, Behaviour b) {
        return StateLadder.build(s, P, b, TestMarkets.BTC, 10_000, 1);
    }

    @Test
    void freshLeverage_putsMoreLongsNearLiquidationThanADeleveredBook() {
        Behaviour b = Behaviour.defaults().with(Behaviour.TURNOVER, 0.01);
        StateLadder.Built levered = build(state(90_000, P, 6e9, 10e9, new double[]{0.0003}), b);
        StateLadder.Built delevered = build(state(90_000, P, 14e9, 10e9, new double[]{0.0001}), b);
        // turnover (1 %/day over 30 days) reopens ≈26 % in both; OI growth adds fresh positions only to the first
        assertThat(levered.freshShare()).isGreaterThan(delevered.freshShare() + 0.2);
        assertThat(levered.longAt10Pct()).isGreaterThan(2 * delevered.longAt10Pct());
        // each side holds the pre-event OI
        assertThat(levered.ladder().oiUsd()).isCloseTo(10e9, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(levered.ladder().shorts().notionalAt(P)).isCloseTo(10e9, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void positiveFunding_tiltsLeverageTowardLongs() {
        Behaviour b = Behaviour.defaults();
        StateLadder.Built crowded = build(state(95_000, P, 8e9, 10e9, new double[]{0.0005, 0.0004}), b);
        StateLadder.Built neutral = build(state(95_000, P, 8e9, 10e9, new double[]{0.0001}), b);
        assertThat(crowded.crowding()).isGreaterThan(0);
        assertThat(neutral.crowding()).isZero();
        assertThat(crowded.meanLongLeverage()).isGreaterThan(neutral.meanLongLeverage());
    }

    /**
     * The same 30-day mean funding, crowded in the first or in the last ten days: positions take the crowding of when
     * they were opened, so the book crowded just before the event carries more long leverage (a 30-day mean cannot
     * tell the two apart).
     */
    @Test
    void crowdingFollowsTheFundingWhenPositionsWereOpened() {
        double[] early = new double[90], late = new double[90];
        for (int j = 0; j < 90; j++) {
            early[j] = j < 30 ? 0.0004 : 0.0001;
            late[j] = j >= 60 ? 0.0004 : 0.0001;
        }
        Behaviour b = Behaviour.defaults();
        StateLadder.Built crowdedEarly = build(state(95_000, P, 8e9, 10e9, early), b);
        StateLadder.Built crowdedLate = build(state(95_000, P, 8e9, 10e9, late), b);
        assertThat(crowdedLate.crowding()).isGreaterThan(0);
        assertThat(crowdedEarly.crowding()).isZero();
        assertThat(crowdedLate.meanLongLeverage()).isGreaterThan(crowdedEarly.meanLongLeverage() * 1.2);
        assertThat(crowdedLate.longAt10Pct()).isGreaterThan(crowdedEarly.longAt10Pct());
    }

    /** Turnover follows the traded volume per OI: a busier market reopens more of its positions at recent prices. */
    @Test
    void turnover_followsVolumePerOpenInterest() {
        MarketState s = state(95_000, P, 10e9, 10e9, new double[]{0.0001});
        double[] quiet = new double[s.barTimeMs().length], busy = new double[quiet.length];
        java.util.Arrays.fill(quiet, 0.5e9);
        java.util.Arrays.fill(busy, 2e9);
        Behaviour b = Behaviour.defaults().with(Behaviour.TURNOVER, 0.05);
        StateLadder.Built q = build(withVolume(s, quiet), b), bz = build(withVolume(s, busy), b);
        assertThat(bz.freshShare()).isGreaterThan(q.freshShare() + 0.2);
        // 10e9 OI trading 0.5e9 per 4-h bar is 0.3 OI a day; without volumes one OI a day is taken
        assertThat(build(s, b).freshShare()).isBetween(q.freshShare(), bz.freshShare());
    }

    private static MarketState withVolume(MarketState s, double[] v) {
        return new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), v, s.oiTimeMs(), s.oiUsd(), s.fundingRate(),
                Double.NaN, Double.NaN, s.depth1PctUsd(), Double.NaN);
    }

    @Test
    void missingSeries_fallBackToDefaultsAndSaySo() {
        MarketState bare = new MarketState(720, null, null, null, null, null, null, null, Double.NaN, 5e9, Double.NaN, Double.NaN);
        StateLadder.Built b = build(bare, Behaviour.defaults());
        assertThat(b.defaults()).extracting(StateDefault::code).containsExactly(StateDefault.Code.NO_PRICES,
                StateDefault.Code.NO_OI_HISTORY, StateDefault.Code.NO_FUNDING, StateDefault.Code.NO_LONG_SHORT, StateDefault.Code.NO_DEPTH,
                StateDefault.Code.NO_BETA);
        assertThat(b.depth1PctUsd()).isEqualTo(5e9 * StateLadder.DEFAULT_DEPTH_TO_OI);
        assertThat(b.beta()).isEqualTo(1);
        assertThat(b.ladder().oiUsd()).isCloseTo(5e9, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void levelsThePathCrossed_areGone() {
        // a 20 % dip and recovery inside the window liquidates every long whose level lies above the dip
        MarketState s = state(P, P, 10e9, 10e9, new double[0]);
        double[] lo = s.barLow().clone();
        lo[100] = 0.8 * P;
        MarketState dipped = new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), lo, s.oiTimeMs(), s.oiUsd(),
                s.fundingRate(), Double.NaN, Double.NaN, 200e6, Double.NaN);
        Behaviour b = Behaviour.defaults().with(Behaviour.TURNOVER, 0.005);
        LiquidationLadder.Book longs = build(dipped, b).ladder().longs();
        int survivorsBefore = 0;
        for (int i = 0; i < longs.size(); i++) {
            // fresh positions after bar 100 may sit above 0.8 P; seasoned ones (opened before) may not
            survivorsBefore += longs.liquidation()[i] >= 0.8 * P && longs.entry()[i] > 1.2 * P ? 1 : 0;
        }
        assertThat(survivorsBefore).isZero();
        assertThat(build(s, b).longAt10Pct()).isGreaterThan(0);
    }

    @Test
    void badState_isOneClearError() {
        assertThatThrownBy(() -> new MarketState(720, null, null, null, null, null, null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("preEventOiUsd");
        assertThatThrownBy(() -> new MarketState(720, null, null, null, null, null, null, new double[]{0.2}, Double.NaN, 1e9, Double.NaN, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fundingRate");
    }
}
