package io.perpguard.stream.bench;

import io.perpguard.stream.MarginTopology;
import io.perpguard.venue.Exchange;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What pooled accounts cost per tick: {@link StreamLoadBenchmark}'s book (20,000 accounts on 50 symbols, 1–5 held,
 * Binance USDⓈ-M) with {@code pooledPct} % of them on a pool of 2–3 collateral coins, every tick carrying its index
 * (which moves the pooled accounts stating the symbol's coin), one op = one tick through the topology in the test
 * driver (tick in → holders re-priced → output drained), after one round of first ticks. The score is wall time per tick; each iteration also prints
 * the stream thread's CPU per tick and the re-pricings per tick (the topology's {@code account-repricings-total}),
 * which on a shared machine say more than the wall time.
 * <p>Run: {@code java -jar stream-bench/target/benchmarks.jar PooledTick -f 1 -wi 2 -i 3}
 * (params: {@code -p pooledPct=0,20 -p mode=index,full}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class PooledTickBenchmark {
    /** Share of the accounts pooled, percent. */
    @Param({"0", "20"})
    public int pooledPct;
    /** {@code index}: the tick index (the command's default); {@code full}: every holder re-priced at every tick. */
    @Param({"index"})
    public String mode;
    @Param({"20000"})
    public int accounts;

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private StreamLoadBenchmark.Rig rig;
    private long cpu0, repricings0, applied0, ticks0, ticks;

    @Setup(Level.Trial)
    public void book() throws Exception {
        rig = new StreamLoadBenchmark.Rig(accounts, 50, 5, false, 100, MarginTopology.DEFAULT_PUBLISH_STEP, 10, mode.equals("index"),
                List.of(Exchange.BINANCE), pooledPct / 100.0, true);
        // one round of ticks first: a symbol's first tick in a partition re-prices every holder (their marks were their fills)
        for (int i = 0; i < 50; i++) {
            rig.tick();
        }
        System.out.printf(Locale.ROOT, "%nbook: %,d accounts, %,d pooled; load average %.1f%n", accounts, rig.pooledAccounts,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Setup(Level.Iteration)
    public void start() {
        cpu0 = CPU.getCurrentThreadCpuTime();
        repricings0 = rig.metric(MarginTopology.REPRICINGS_METRIC);
        applied0 = rig.metric(MarginTopology.TICKS_METRIC);
        ticks0 = ticks;
    }

    @Benchmark
    public double tick() {
        ticks++;
        return rig.tick();
    }

    @TearDown(Level.Iteration)
    public void report() {
        // JMH runs setup, the ops and teardown of an iteration on the one benchmark thread: its CPU is the stream thread's
        double cpuMs = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6;
        long n = ticks - ticks0, applied = rig.metric(MarginTopology.TICKS_METRIC) - applied0;
        long repriced = rig.metric(MarginTopology.REPRICINGS_METRIC) - repricings0;
        System.out.printf(Locale.ROOT, "  pooled %d %%, %s: %,d ticks (%,d applied), %.1f re-pricings per applied tick, CPU %.3f ms per tick, "
                        + "%.1f us per re-pricing; load average %.1f%n", pooledPct, mode, n, applied, (double) repriced / Math.max(1, applied),
                cpuMs / Math.max(1, n), cpuMs * 1e3 / Math.max(1, repriced), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @TearDown(Level.Trial)
    public void close() {
        rig.close();
    }
}
