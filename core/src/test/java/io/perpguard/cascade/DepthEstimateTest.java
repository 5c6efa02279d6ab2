package io.perpguard.cascade;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

/** Calm depth from the look-back bars' price impact per dollar traded (Amihud), where no depth is observed. */
class DepthEstimateTest {
    private static final long H = 3_600_000L;
    private static final double P = 100_000;

    /** n bars of {@code hours} each, alternating ±{@code movePct} %, each trading {@code quoteUsd}; depth not given. */
    static MarketState bars(int n, int hours, double movePct, double quoteUsd) {
        long[] t = new long[n];
        double[] c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * hours * H;
            c[i] = P * (i % 2 == 0 ? 1 : Math.exp(movePct / 100));
            v[i] = quoteUsd;
        }
        return new MarketState(720, t, c, c, c, v, new long[0], new double[0], new double[0], Double.NaN, 10e9, Double.NaN, Double.NaN);
    }

    @Test
    void moreVolumePerMove_isADeeperBook() {
        double base = DepthEstimate.of(bars(180, 4, 1, 1e9), 0).depth1PctUsd();
        assertThat(DepthEstimate.of(bars(180, 4, 1, 2e9), 0).depth1PctUsd()).isCloseTo(2 * base, withPercentage(1e-9));
        assertThat(DepthEstimate.of(bars(180, 4, 2, 1e9), 0).depth1PctUsd()).isCloseTo(base / 2, withPercentage(1e-9));
        // the formula: K / (|r| % per USD) on the 4-h scale
        assertThat(base).isCloseTo(DepthEstimate.IMPACT_TO_DEPTH / (1.0 / 1e9), withPercentage(1e-9));
    }

    /** The same market seen in 1-h bars (moves ½, volume ¼ of the 4-h bars') gives the same estimate. */
    @Test
    void barLength_isPutOnTheFourHourScale() {
        double fourHour = DepthEstimate.of(bars(180, 4, 1, 4e9), 0).depth1PctUsd();
        double oneHour = DepthEstimate.of(bars(720, 1, 0.5, 1e9), 0).depth1PctUsd();
        assertThat(oneHour).isCloseTo(fourHour, withPercentage(1e-9));
    }

    @Test
    void theLadderUsesTheEstimate_anObservedDepthWins_andNoVolumeFallsBack() {
        MarketState s = bars(180, 4, 1, 1e9);
        StateLadder.Built est = StateLadder.build(s, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1);
        assertThat(est.depth1PctUsd()).isEqualTo(DepthEstimate.of(s, 0).depth1PctUsd());
        assertThat(est.defaults()).extracting(StateDefault::code).contains(StateDefault.Code.DEPTH_ESTIMATED)
                .doesNotContain(StateDefault.Code.NO_DEPTH);

        MarketState observed = new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), s.barQuoteUsd(), s.oiTimeMs(),
                s.oiUsd(), s.fundingRate(), Double.NaN, 10e9, 123e6, Double.NaN);
        StateLadder.Built obs = StateLadder.build(observed, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1);
        assertThat(obs.depth1PctUsd()).isEqualTo(123e6);
        assertThat(obs.defaults()).extracting(StateDefault::code).doesNotContain(StateDefault.Code.DEPTH_ESTIMATED, StateDefault.Code.NO_DEPTH);

        MarketState noVolume = new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), s.oiTimeMs(), s.oiUsd(),
                s.fundingRate(), Double.NaN, 10e9, Double.NaN, Double.NaN);
        StateLadder.Built fallback = StateLadder.build(noVolume, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1);
        assertThat(fallback.depth1PctUsd()).isEqualTo(10e9 * StateLadder.DEFAULT_DEPTH_TO_OI);
        assertThat(fallback.defaults()).extracting(StateDefault::code).contains(StateDefault.Code.NO_DEPTH, StateDefault.Code.NO_VOLUME);
        assertThat(est.defaults()).extracting(StateDefault::code).doesNotContain(StateDefault.Code.NO_VOLUME);
    }

    @Test
    void tooFewBarsWithVolume_giveNoEstimate() {
        assertThat(DepthEstimate.of(bars(DepthEstimate.MIN_RETURNS, 4, 1, 1e9), 0)).isNull();
        assertThat(DepthEstimate.of(bars(DepthEstimate.MIN_RETURNS + 1, 4, 1, 1e9), 0)).isNotNull();
        assertThat(DepthEstimate.of(bars(180, 4, 1, 0), 0)).isNull();
        // only the bars from the window's start count
        assertThat(DepthEstimate.of(bars(180, 4, 1, 1e9), 175)).isNull();
    }

    @Test
    void badVolumes_areOneClearError() {
        MarketState s = bars(20, 4, 1, 1e9);
        assertThatThrownBy(() -> new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), new double[3], s.oiTimeMs(),
                s.oiUsd(), s.fundingRate(), Double.NaN, 10e9, Double.NaN, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("quote volume");
        double[] neg = s.barQuoteUsd().clone();
        neg[3] = -1;
        assertThatThrownBy(() -> new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), neg, s.oiTimeMs(),
                s.oiUsd(), s.fundingRate(), Double.NaN, 10e9, Double.NaN, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("quoteVolumeUsd");
    }

    /** The bars' venue held a share s of the market's OI: every volume estimate reads V / s, as if the bars had traded V / s. */
    @Test
    void volumeShare_scalesTheBarsVolumeToTheWholeMarket() {
        MarketState s = bars(180, 4, 1, 1e9);
        MarketState quarter = new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), s.barQuoteUsd(), s.oiTimeMs(),
                s.oiUsd(), s.fundingRate(), Double.NaN, 10e9, Double.NaN, Double.NaN, 0.25);
        MarketState fourTimes = bars(180, 4, 1, 4e9);
        assertThat(DepthEstimate.of(quarter, 0).depth1PctUsd()).isCloseTo(4 * DepthEstimate.of(s, 0).depth1PctUsd(), withPercentage(1e-9));
        StateLadder.Built scaled = StateLadder.build(quarter, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1);
        StateLadder.Built traded = StateLadder.build(fourTimes, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1);
        // depth and turnover (the fresh share, the ladder's leverage) as if the bars had traded 4×
        assertThat(scaled.depth1PctUsd()).isCloseTo(traded.depth1PctUsd(), withPercentage(1e-9));
        assertThat(scaled.freshShare()).isCloseTo(traded.freshShare(), withPercentage(1e-9));
        assertThat(scaled.meanLongLeverage()).isCloseTo(traded.meanLongLeverage(), withPercentage(1e-9));
        assertThat(scaled.freshShare()).isNotEqualTo(StateLadder.build(s, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1).freshShare());
        assertThat(scaled.defaults()).filteredOn(d -> d.code() == StateDefault.Code.VOLUME_SHARE).singleElement()
                .satisfies(d -> assertThat(d.values()).containsEntry("share", 0.25));
        assertThat(traded.defaults()).extracting(StateDefault::code).contains(StateDefault.Code.NO_VOLUME_SHARE)
                .doesNotContain(StateDefault.Code.VOLUME_SHARE);
        // the stored volumes stay the bars' own; another beta does not scale them twice
        assertThat(quarter.barQuoteUsd()).isEqualTo(s.barQuoteUsd());
        assertThat(quarter.withBeta(1.2).marketQuoteUsd()).isEqualTo(quarter.marketQuoteUsd());
        assertThatThrownBy(() -> new MarketState(720, s.barTimeMs(), s.barClose(), s.barHigh(), s.barLow(), s.barQuoteUsd(), s.oiTimeMs(),
                s.oiUsd(), s.fundingRate(), Double.NaN, 10e9, Double.NaN, Double.NaN, 1.5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("volumeShare");
    }
}
