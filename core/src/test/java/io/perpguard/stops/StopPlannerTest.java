package io.perpguard.stops;

import io.perpguard.instrument.Contract;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StopPlannerTest {
    static final Contract BTC = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);

    @Test
    void test_plan_realBtcusdt_atrStopIsTwoAtrBelowEntry_everyStopBelowALong() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        StopPlan p = StopPlanner.plan(s, Side.LONG, 42314, StopParams.DEFAULTS, BTC);
        double[] atr = Atr.of(s, 14);
        assertThat(p.atr()).isEqualTo(atr[s.size() - 1]);
        assertThat(p.lastClose()).isEqualTo(s.close()[s.size() - 1]);
        StopSuggestion a = p.suggestion(StopSuggestion.ATR);
        assertThat(a.price()).isCloseTo(42314 - 2 * p.atr(), within(0.1 + 1e-9)).isLessThanOrEqualTo(42314 - 2 * p.atr());
        assertThat(a.distanceAtr()).isGreaterThanOrEqualTo(2.0);
        for (StopSuggestion x : p.suggestions()) {
            if (!x.method().equals(StopSuggestion.TIME)) {
                assertThat(x.price()).as(x.method()).isLessThan(42314);
                assertThat(x.distancePct()).isCloseTo((42314 - x.price()) / 42314 * 100, within(1e-9));
                assertThat(x.values()).containsEntry("side", "long");
            }
        }
        assertThat(p.suggestion(StopSuggestion.STRUCTURE)).isNotNull();
        assertThat(p.suggestion(StopSuggestion.TIME)).isNotNull();
    }

    @Test
    void test_stopsAreRoundedByTheOneExitRule() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        Contract coarse = new Contract("BTCUSDT", 10, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);
        for (Side side : Side.values()) {
            StopPlan raw = StopPlanner.plan(s, side, 42314, StopParams.DEFAULTS, null);
            StopPlan rounded = StopPlanner.plan(s, side, 42314, StopParams.DEFAULTS, coarse);
            for (StopSuggestion x : raw.suggestions()) {
                if (!x.method().equals(StopSuggestion.TIME)) {
                    assertThat(rounded.suggestion(x.method()).price()).as(side + " " + x.method())
                            .isEqualTo(io.perpguard.instrument.TickRule.EXIT.apply(coarse, x.price(), side == Side.LONG));
                }
            }
        }
    }

    @Test
    void test_plan_structureStop_sitsBufferBelowNearestSupport() {
        // hand-built: a V with its low at 90 (bar 5), then a rise; entry at 104 after the rise
        double[] low = {100, 98, 96, 94, 92, 90, 93, 96, 99, 101, 103, 104, 104.5, 105, 105.5, 106};
        int n = low.length;
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 3_600_000L;
            h[i] = low[i] + 2;
            o[i] = low[i] + 1;
            c[i] = low[i] + 1;
            v[i] = 1;
        }
        CandleSeries s = new CandleSeries("X", t, o, h, low, c, v);
        StopParams params = new StopParams(3, 2, 3, 500, 0.5, 0.25, 10, 24);
        StopPlan p = StopPlanner.plan(s, Side.LONG, 107, params, null);
        StopSuggestion st = p.suggestion(StopSuggestion.STRUCTURE);
        // the only swing low is bar 5 at 90; stop = 90 − 0.25 × ATR
        assertThat(st.price()).isCloseTo(90 - 0.25 * p.atr(), within(1e-9));
        assertThat(st.values()).containsEntry("zoneLow", 90.0);
    }
}
