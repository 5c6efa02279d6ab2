package io.perpguard.market;

import io.perpguard.sim.MonteCarlo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FundingHistoryTest {
    private static final long HOUR = 3_600_000L;

    /** The first {@code n} real BTCUSDT rates of the bundled history, the first {@code eightHourly} 8 h apart, then hourly. */
    static FundingHistory shortened(int n, int eightHourly) throws IOException {
        List<String> rows = Files.readAllLines(Path.of(System.getProperty("perpguard.samples", "../samples"), "funding", "BTCUSDT-funding.csv"));
        long[] t = new long[n];
        double[] r = new double[n], mark = new double[n];
        long at = Long.parseLong(rows.get(1).split(",")[0]);   // real times carry Binance's ms of jitter
        for (int i = 0; i < n; i++) {
            t[i] = at + (i % 3);
            r[i] = Double.parseDouble(rows.get(i + 1).split(",")[1]);
            mark[i] = Double.NaN;
            at += (i < eightHourly - 1 ? 8 : 1) * HOUR;
        }
        return new FundingHistory("BTCUSDT", t, r, mark);
    }

    @Test
    void ratesEvery_aRegularHistoryAtItsInterval_isItsOwnRates() throws IOException {
        FundingHistory h = shortened(90, 90);
        assertThat(h.spacingsHours()).containsExactly(8);
        assertThat(h.ratesEvery(8)).containsExactly(h.rate());
    }

    @Test
    void ratesEvery_spreadsEachRateOverTheTimeItCovers_andKeepsTheSum() throws IOException {
        // 48 real rates 8 h apart, then 48 hourly: re-cut to 1 h, each 8-hourly rate is paid an eighth an hour for 8 hours
        FundingHistory h = shortened(96, 48);
        assertThat(h.spacingsHours()).containsExactly(8, 1);
        assertThat(h.intervalHours()).isEqualTo(1);
        double[] hourly = h.ratesEvery(1);
        assertThat(hourly).hasSize(48 * 8 + 48);
        for (int k = 0; k < 8; k++) {
            assertThat(hourly[8 * 5 + k]).isCloseTo(h.rate()[5] / 8, within(1e-15));
        }
        assertThat(Arrays.copyOfRange(hourly, 384, 432)).containsExactly(Arrays.copyOfRange(h.rate(), 48, 96));
        assertThat(Arrays.stream(hourly).sum()).isCloseTo(Arrays.stream(h.rate()).sum(), within(1e-15));
        // 60 rates 8 h apart then 8 hourly: the median is 8 h, the 8 hourly rates are one 8 h slot's payment
        FundingHistory eight = shortened(68, 60);
        double[] slots = eight.ratesEvery(8);
        assertThat(slots).hasSize(61);
        assertThat(slots[60]).isCloseTo(Arrays.stream(eight.rate(), 60, 68).sum(), within(1e-15));
    }

    @Test
    void simulate_paysAShortenedHistoryByTime_notEveryRateAtTheMedianInterval() throws IOException {
        // the sim bootstrapped the 96 rates and paid one every hour (the median spacing): each 8-hourly rate eight times over.
        // Re-cut, a year of paying its rates every hour pays what the history paid per hour: sum × 8,760 / span hours
        FundingHistory h = shortened(96, 48);
        MonteCarlo.Funding f = MonteCarlo.Funding.history(h);
        assertThat(f.intervalHours()).isEqualTo(1);
        assertThat(f.rates()).hasSize(432);
        double perYear = Arrays.stream(f.rates()).average().orElseThrow() * 8_760;
        assertThat(perYear).isCloseTo(Arrays.stream(h.rate()).sum() * 8_760 / h.spanHours(), within(1e-12));
        assertThat(MonteCarlo.Funding.history(shortened(90, 90)).rates()).containsExactly(shortened(90, 90).rate());
    }
}
