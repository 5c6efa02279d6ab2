package io.perpguard.cascade;

import io.perpguard.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * The venues' reporting of liquidations (research note V10): a throttled share t of the market's liquidations is
 * reported as one order of q a second, the rest in full; the event's date decides which venues were throttled.
 */
class ReportingFilterTest {
    private static final double Q = ReportingFilter.ORDER_USD;

    private static long day(String iso) {
        return Instant.parse(iso + "T00:00:00Z").toEpochMilli();
    }

    @Property(tries = 300)
    void reported_isAtMostTrue_andAtLeastTheUnthrottledPart(@ForAll @DoubleRange(min = 0, max = 1) double t,
                                                            @ForAll @DoubleRange(min = 0, max = 1e10) double usd) {
        ReportingFilter f = new ReportingFilter(t, Q);
        double r = f.reported(usd, 60);
        assertThat(r).isLessThanOrEqualTo(usd * (1 + 1e-12));
        assertThat(r).isGreaterThanOrEqualTo((1 - t) * usd - 1e-6);
    }

    @Property(tries = 300)
    void reported_risesWithTrue_whileTheReportedShareFalls(@ForAll @DoubleRange(min = 0.01, max = 0.99) double t,
                                                           @ForAll @DoubleRange(min = 1, max = 1e9) double usd,
                                                           @ForAll @DoubleRange(min = 1.01, max = 100) double k) {
        ReportingFilter f = new ReportingFilter(t, Q);
        double lo = f.reported(usd, 60), hi = f.reported(k * usd, 60);
        assertThat(hi).isGreaterThan(lo);
        assertThat(hi / (k * usd)).isLessThanOrEqualTo(lo / usd + 1e-12);
        // all of it throttled: one order a second at most, never less for more liquidated
        ReportingFilter all = new ReportingFilter(1, Q);
        assertThat(all.reported(k * usd, 60)).isGreaterThanOrEqualTo(all.reported(usd, 60)).isLessThanOrEqualTo(60 * Q);
    }

    @Property(tries = 100)
    void noThrottledVenue_reportsEverything(@ForAll @DoubleRange(min = 0, max = 1e10) double usd) {
        assertThat(ReportingFilter.NONE.reported(usd, 60)).isEqualTo(usd);
        assertThat(ReportingFilter.at(day("2020-03-12"), Map.of("binance", 0.5, "bitmex", 0.5)).reported(usd, 60)).isEqualTo(usd);
    }

    @Test
    void aCrashMinute_isReportedAsTheUnthrottledPartPlusOneOrderASecond_aCalmOneInFull() {
        ReportingFilter f = new ReportingFilter(0.24, Q);
        double crash = 300e6; // $300M in one minute: 7,200 orders a minute on the throttled venue
        assertThat(f.reported(crash, 60)).isCloseTo(0.76 * crash + 60 * Q, offset(1.0));
        double calm = 20_000; // two orders in a minute
        assertThat(f.reported(calm, 60)).isCloseTo(calm, offset(0.01 * calm));
    }

    @Test
    void theEventsDate_decidesWhichVenuesWereThrottled() {
        Map<String, Double> shares = Map.of("binance", 0.24, "bybit", 0.15, "okx", 0.12);
        assertThat(ReportingFilter.at(day("2021-04-20"), shares).throttledShare()).isZero();
        assertThat(ReportingFilter.at(day("2021-09-07"), shares).throttledShare()).isCloseTo(0.24, offset(1e-12));
        assertThat(ReportingFilter.at(day("2021-12-04"), shares).throttledShare()).isCloseTo(0.39, offset(1e-12));
        assertThat(ReportingFilter.at(day("2021-12-04"), Map.of("Binance", 0.3)).throttledShare()).isCloseTo(0.3, offset(1e-12));
        assertThatThrownBy(() -> new ReportingFilter(1.5, Q)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aRunsOutcome_keepsEachSidesShareOfAMinute_andItsTotalsLoseWhatTheMinutesLose() {
        ReportingFilter f = new ReportingFilter(0.5, Q);
        double[] lp = {0, 400e6, 50_000, 0}, sp = {10_000, 100e6, 0, 0};
        MarketOutcome m = outcome(lp, sp);
        MarketOutcome r = f.apply(m);
        double sumL = 0, sumS = 0;
        for (int i = 0; i < lp.length; i++) {
            double all = lp[i] + sp[i];
            assertThat(r.longLiquidatedPerMinute()[i] + r.shortLiquidatedPerMinute()[i]).isCloseTo(f.reported(all, 60), offset(1e-6));
            if (all > 0) {
                assertThat(r.longLiquidatedPerMinute()[i] / all).isCloseTo(
                        lp[i] / all * f.reported(all, 60) / all, offset(1e-12));
            }
            sumL += r.longLiquidatedPerMinute()[i];
            sumS += r.shortLiquidatedPerMinute()[i];
        }
        assertThat(r.longLiquidatedUsd()).isCloseTo(sumL, offset(1e-3));
        assertThat(r.shortLiquidatedUsd()).isCloseTo(sumS, offset(1e-3));
        assertThat(r.longLiquidatedUsd()).isLessThan(0.55 * m.longLiquidatedUsd());
        assertThat(r.drawdownPct()).isEqualTo(m.drawdownPct());
        assertThat(r.oiAfterUsd()).isEqualTo(m.oiAfterUsd());
        assertThat(ReportingFilter.NONE.apply(m)).isSameAs(m);
    }

    static MarketOutcome outcome(double[] lp, double[] sp) {
        double l = 0, s = 0;
        for (int i = 0; i < lp.length; i++) {
            l += lp[i];
            s += sp[i];
        }
        double[] px = new double[lp.length];
        java.util.Arrays.fill(px, 100);
        return new MarketOutcome("BTCUSDT", 5, 0, 1, l, s, 10e9, 9e9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 5, 0, 0, 0, 0, 0,
                px, px, px, lp, sp, 0, 0, 0, 0, 0, 0);
    }
}
