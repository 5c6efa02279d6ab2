package io.perpguard.stats;

import io.perpguard.portfolio.ReturnMatrix;
import io.perpguard.portfolio.SampleMoments;
import io.perpguard.portfolio.ValueAtRisk;
import org.hipparchus.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * VaR two ways against the textbook on a synthetic normal sample. Textbook (Jorion ch. 5; McNeil–Frey–Embrechts
 * ex. 2.14) for P&amp;L ~ N(μ, σ²): VaR_c = z_c σ − μ, ES_c = σ φ(z_c)/(1 − c) − μ, with z_0.95 = 1.6448536,
 * z_0.99 = 2.3263479, φ(z_0.95)/0.05 = 2.0627128, φ(z_0.99)/0.01 = 2.6652142.
 * <p>Tolerances, for n = 100,000 draws (seed fixed): the sample σ is off by about 1/√(2n) = 0.22 %, so parametric
 * figures must agree within 1 %; a historical quantile's standard error is √(p(1−p)/n)/φ(z) σ (0.4 % of VaR95,
 * 0.5 % of VaR99), so historical VaR must agree within 2 % and historical ES (a tail mean, noisier) within 3 %.
 */
class ParametricVarTest {
    static final double MU = 500, SIGMA = 20_000; // a 1M USD delta on returns N(0.05 %, 2 %)
    static final double Z95 = 1.6448536269514722, Z99 = 2.3263478740408408;
    static final double ES95_FACTOR = 2.0627128075074, ES99_FACTOR = 2.6652142203458;

    static ReturnMatrix normalSample(int n, long seed) {
        Random rnd = new Random(seed);
        double[] r = new double[n];
        long[] days = new long[n];
        for (int t = 0; t < n; t++) {
            r[t] = (MU + SIGMA * rnd.nextGaussian()) / 1_000_000;
            days[t] = t * ReturnMatrix.DAY_MS;
        }
        return new ReturnMatrix(List.of("BTCUSDT"), days, new double[][]{r});
    }

    @Test
    void test_standardNormalQuantiles_fromHipparchus_matchPublishedValues() {
        assertThat(ParametricVar.var(0, 1, 0.95)).isCloseTo(Z95, within(1e-12));
        assertThat(ParametricVar.var(0, 1, 0.99)).isCloseTo(Z99, within(1e-12));
        assertThat(ParametricVar.es(0, 1, 0.95)).isCloseTo(ES95_FACTOR, within(1e-10));
        assertThat(ParametricVar.es(0, 1, 0.99)).isCloseTo(ES99_FACTOR, within(1e-10));
    }

    @Test
    void test_varTwoWays_onNormalSample_agreeWithTextbook() {
        ReturnMatrix m = normalSample(100_000, 42);
        double[] pnl = ValueAtRisk.pnl(new double[]{1_000_000}, m);
        ParametricVar p = ParametricVar.of(new double[]{1_000_000}, m);
        assertThat(p.var95()).isCloseTo(Z95 * SIGMA - MU, withinPercentage(1));
        assertThat(p.var99()).isCloseTo(Z99 * SIGMA - MU, withinPercentage(1));
        assertThat(p.es95()).isCloseTo(ES95_FACTOR * SIGMA - MU, withinPercentage(1));
        assertThat(p.es99()).isCloseTo(ES99_FACTOR * SIGMA - MU, withinPercentage(1));
        assertThat(ValueAtRisk.historical(pnl, 0.95)).isCloseTo(Z95 * SIGMA - MU, withinPercentage(2));
        assertThat(ValueAtRisk.historical(pnl, 0.99)).isCloseTo(Z99 * SIGMA - MU, withinPercentage(2));
        assertThat(ValueAtRisk.expectedShortfall(pnl, 0.95)).isCloseTo(ES95_FACTOR * SIGMA - MU, withinPercentage(3));
        assertThat(ValueAtRisk.expectedShortfall(pnl, 0.99)).isCloseTo(ES99_FACTOR * SIGMA - MU, withinPercentage(3));
    }

    @Test
    void test_of_twoSymbols_isTheQuadraticFormOfTheCovariance() {
        Random rnd = new Random(3);
        int n = 500;
        double[] a = new double[n], b = new double[n];
        for (int t = 0; t < n; t++) {
            a[t] = 0.02 * rnd.nextGaussian();
            b[t] = 0.6 * a[t] + 0.03 * rnd.nextGaussian();
        }
        ReturnMatrix m = new ReturnMatrix(List.of("X", "Y"), new long[n], new double[][]{a, b});
        double wa = 100_000, wb = -40_000;
        ParametricVar p = ParametricVar.of(new double[]{wa, wb}, m);
        // σ_p² = wa² var(a) + wb² var(b) + 2 wa wb cov(a, b), moments computed independently by core's two-pass code
        double var = wa * wa * SampleMoments.variance(a) + wb * wb * SampleMoments.variance(b) + 2 * wa * wb * SampleMoments.covariance(a, b);
        assertThat(p.sdPnl()).isCloseTo(Math.sqrt(var), withinPercentage(1e-9));
        assertThat(p.meanPnl()).isCloseTo(wa * SampleMoments.mean(a) + wb * SampleMoments.mean(b), within(1e-9));
    }

    @Test
    void test_sampleMoments_ofCore_agreeWithHipparchusCovariance() {
        Random rnd = new Random(11);
        double[] x = new double[1_000], y = new double[1_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e-3 + 0.05 * rnd.nextGaussian();
            y[i] = 0.3 * x[i] + 0.01 * rnd.nextGaussian();
        }
        Covariance c = new Covariance();
        assertThat(SampleMoments.covariance(x, y)).isCloseTo(c.covariance(x, y), withinPercentage(1e-9));
        assertThat(SampleMoments.variance(x)).isCloseTo(c.covariance(x, x), withinPercentage(1e-9));
        assertThat(SampleMoments.beta(y, x)).isCloseTo(c.covariance(y, x) / c.covariance(x, x), withinPercentage(1e-9));
    }
}
