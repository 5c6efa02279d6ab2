package io.perpguard.bench;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.BatchReprice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Re-prices N isolated BTCUSDT positions (real tiers) on a new mark and flags those at or past liquidation, beside a
 * plain copy of the same bytes (3 doubles read + 1 double and 1 boolean written per position = 33 bytes), so the
 * kernel's speed is read against the machine's memory bandwidth.
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.RepriceBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RepriceBenchmark {
    /** Bytes moved per position by both kernels. */
    static final int BYTES_PER_POSITION = 3 * 8 + 8 + 1;

    @Param({"1000000"})
    int positions;

    double[] signedQty, entry, margin, ratio, copyDst;
    boolean[] liquidated, flagsSrc;
    BatchReprice kernel;
    double mark;

    @Setup(Level.Trial)
    public void setUp() {
        // BTCUSDT brackets of 2024-10-24 (bundled in data/instruments.json)
        RiskTiers tiers = RiskTiers.of("BTCUSDT",
                new double[]{0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9},
                new double[]{50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9, 1.8e9},
                new double[]{125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1},
                new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5});
        kernel = new BatchReprice(tiers);
        SplittableRandom rnd = new SplittableRandom(7);
        signedQty = new double[positions];
        entry = new double[positions];
        margin = new double[positions];
        ratio = new double[positions];
        copyDst = new double[positions * 4];
        liquidated = new boolean[positions];
        flagsSrc = new boolean[positions];
        for (int i = 0; i < positions; i++) {
            double qty = 0.001 + rnd.nextDouble() * 5;
            double e = 50_000 + rnd.nextDouble() * 20_000;
            double lev = 1 + rnd.nextInt(100);
            signedQty[i] = rnd.nextBoolean() ? qty : -qty;
            entry[i] = e;
            margin[i] = qty * e / lev;
        }
        mark = 58_000;
    }

    @Benchmark
    public int reprice() {
        return kernel.reprice(mark, signedQty, entry, margin, ratio, liquidated);
    }

    @Benchmark
    public double[] copySameBytes() {
        System.arraycopy(signedQty, 0, copyDst, 0, positions);
        System.arraycopy(entry, 0, copyDst, positions, positions);
        System.arraycopy(margin, 0, copyDst, 2 * positions, positions);
        System.arraycopy(copyDst, 0, copyDst, 3 * positions, positions);
        System.arraycopy(flagsSrc, 0, liquidated, 0, positions);
        return copyDst;
    }

    /** Runs both benchmarks and prints positions/s and the ratio to the copy's bytes/s. */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(RepriceBenchmark.class.getName()).build()).run();
        double reprice = 0, copy = 0;
        int n = 1_000_000;
        for (RunResult r : results) {
            n = Integer.parseInt(r.getParams().getParam("positions"));
            double opsPerSec = r.getPrimaryResult().getScore();
            if (r.getParams().getBenchmark().endsWith("reprice")) {
                reprice = opsPerSec;
            } else {
                copy = opsPerSec;
            }
        }
        double positionsPerSec = reprice * n;
        double repriceBytes = positionsPerSec * BYTES_PER_POSITION;
        double copyBytes = copy * n * BYTES_PER_POSITION;
        System.out.printf(Locale.ROOT, "re-price: %.3g positions/s (%.2f GB/s of position data); copy of the same bytes: %.2f GB/s;"
                + " re-price runs at %.0f %% of copy bandwidth%n", positionsPerSec, repriceBytes / 1e9, copyBytes / 1e9, 100 * repriceBytes / copyBytes);
    }
}
