package io.perpguard.checklist;

import io.perpguard.market.CandleSeries;
import io.perpguard.stops.Atr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** One ATR of one series: check's recent bars take it on the whole history, as stops does. */
class MarketContextAtrTest {

    @Test
    void lastBars_atrIsTheWholeSeriesWilderAtr_notTheLast200BarsOne() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 300;
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double close = 60_000;
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + i * 3_600_000L;
            o[i] = close;
            close *= Math.exp(r.nextGaussian() * 0.01);
            c[i] = close;
            h[i] = Math.max(o[i], close) * (1 + r.nextDouble() * 0.004);
            l[i] = Math.min(o[i], close) * (1 - r.nextDouble() * 0.004);
            v[i] = 1;
        }
        CandleSeries s = new CandleSeries("BTCUSDT", t, o, h, l, c, v);
        double whole = Atr.last(h, l, c, 14);
        double last200 = Atr.last(Arrays.copyOfRange(h, 100, n), Arrays.copyOfRange(l, 100, n), Arrays.copyOfRange(c, 100, n), 14);
        // Wilder's smoothing remembers its seed: the two differ (check printed 240.6535449 where stops printed 240.6535672)
        assertThat(last200).isNotEqualTo(whole);
        MarketContext m = MarketContext.lastBars(s, 200);
        assertThat(m.close()).hasSize(200);
        assertThat(m.lastAtr(14)).isEqualTo(whole);
        assertThat(m.withMark(61_000).lastAtr(14)).isEqualTo(whole);
    }
}
