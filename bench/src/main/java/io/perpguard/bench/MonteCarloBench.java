package io.perpguard.bench;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Policy;
import io.perpguard.sim.ReturnBars;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Survival Monte Carlo throughput in path-steps per second: one year of 8-hour steps (1,095) per path, Trader B
 * (2 % risk to a 2×ATR(14) stop at 10×, which survives the synthetic market, so every path runs the full horizon),
 * funding every step. The target workload is 10⁶ paths × 1,095 steps; one invocation runs {@link #PATHS} paths and the
 * score is path-steps per second, so 10⁶ paths take 10⁶ × 1,095 / score seconds.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MonteCarloBench -wi 2 -w 2s -i 3 -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MonteCarloBench {
    static final int PATHS = 5_000;
    static final int DAYS = 365;
    /** 365 days of 8 h bars. */
    static final int STEPS = DAYS * 3;

    @Param({"1", "2"})
    int threads;

    ReturnBars bars;
    MonteCarlo.Funding funding;
    /** BTCUSDT on Binance USDⓈ-M (taker 0.05 %, clearance 1.25 %) */
    Instrument instrument;

    @Setup
    public void setup() {
        // 4 years of synthetic 8 h bars: 2 % volatility a bar, wicks, slight upward drift (seeded)
        int n = 4 * STEPS;
        SplittableRandom r = new SplittableRandom(42);
        double[] c = new double[n], h = new double[n], l = new double[n], tr = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = Math.exp(0.0003 + r.nextGaussian() * 0.02);
            h[i] = Math.max(1, c[i]) * (1 + Math.abs(r.nextGaussian()) * 0.006);
            l[i] = Math.min(1, c[i]) * (1 - Math.abs(r.nextGaussian()) * 0.006);
            tr[i] = Math.max(h[i] - l[i], Math.max(Math.abs(h[i] - 1), Math.abs(l[i] - 1)));
        }
        bars = new ReturnBars(c, h, l, tr, 8 * 3_600_000L, 60_000);
        double[] rates = new double[3_000];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = 0.0001 + r.nextGaussian() * 0.0001;
        }
        funding = new MonteCarlo.Funding(rates, 8, "synthetic");
        RiskTiers tiers = RiskTiers.of("BTCUSDT",
                new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
                new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000, 100_000_000},
                new double[]{125, 100, 75, 50, 25, 20},
                new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025});
        instrument = new Instrument(new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125), tiers);
    }

    @Benchmark
    @OperationsPerInvocation(PATHS * STEPS)
    public double traderB() {
        MonteCarlo.Config cfg = new MonteCarlo.Config(PATHS, DAYS, 7, threads, 21, 0, 10_000, 0.10);
        return MonteCarlo.run(Policy.traderB(), bars, funding, instrument, cfg).survivalAtHorizon();
    }
}
