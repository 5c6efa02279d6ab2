package io.perpguard.bench;

import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.BatchReprice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.fast.AccountKernel;
import io.perpguard.margin.fast.Sweep;
import io.perpguard.margin.fast.TierTable;
import io.perpguard.margin.fast.TriggerIndex;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The Java side of {@code bench/compare}: one JVM run that alternates each kernel with its baseline round after
 * round and prints one line per round and kernel, {@code name ns-per-unit}, for the script to pair and summarise.
 * Wall-clock time: the machine is shared, so only ratios of neighbouring measurements mean anything.
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.Compare sweep|cross|index [rounds]}
 */
public final class Compare {
    private Compare() {
    }

    static volatile Object sink;

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "sweep";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        switch (what) {
            case "sweep" -> sweep(rounds);
            case "cross" -> cross(rounds);
            case "cascade" -> cascade(rounds);
            case "index" -> index(args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                    : new int[]{10_000, 100_000, 1_000_000, 10_000_000});
            default -> throw new IllegalArgumentException("sweep, cross or index");
        }
    }

    /** Bytes each position moves in the sweep: 3 doubles read, 1 double and 1 boolean written. */
    static final int BYTES = 3 * 8 + 8 + 1;

    static void sweep(int rounds) {
        int n = 1_000_000;
        Books.Isolated b = Books.Isolated.random(n, 7);
        double[] q = b.signedQty(), e = b.entry(), m = b.margin(), ratio = new double[n], dst = new double[4 * n];
        boolean[] liq = new boolean[n], flags = new boolean[n];
        BatchReprice reference = new BatchReprice(Books.BTC);
        Sweep sweep = new Sweep(TierTable.of(Books.BTC));
        int parts = Runtime.getRuntime().availableProcessors();
        Runnable[] kernels = {
                () -> copy(q, e, m, dst, flags, liq, 0, n, n),
                () -> copyParallel(q, e, m, dst, flags, liq, n, parts),
                () -> sink = sweep.range(58_000, q, e, m, ratio, liq, 0, n),
                () -> sink = sweep.reprice(58_000, q, e, m, ratio, liq),
                () -> sink = reference.reprice(58_000, q, e, m, ratio, liq),
        };
        String[] names = {"copy_1thread", "copy_parallel", "sweep_1thread", "sweep_parallel", "reference_loop"};
        // warm-up: every kernel compiled by C2 before the first timed round
        for (int w = 0; w < 30; w++) {
            for (Runnable k : kernels) {
                k.run();
            }
        }
        System.out.printf(Locale.ROOT, "info positions %d bytes_per_position %d cores %d%n", n, BYTES, parts);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < kernels.length; k++) {
                double[] t = median(kernels[k], names[k].endsWith("parallel") ? 25 : 5, names[k].endsWith("parallel"));
                System.out.printf(Locale.ROOT, "%s %.4f %.4f%n", names[k], t[0] / n, t[1] / n);
            }
        }
    }

    static void copy(double[] q, double[] e, double[] m, double[] dst, boolean[] flags, boolean[] liq, int from, int to, int n) {
        int len = to - from;
        System.arraycopy(q, from, dst, from, len);
        System.arraycopy(e, from, dst, n + from, len);
        System.arraycopy(m, from, dst, 2 * n + from, len);
        System.arraycopy(dst, from, dst, 3 * n + from, len);
        System.arraycopy(flags, from, liq, from, len);
    }

    static void copyParallel(double[] q, double[] e, double[] m, double[] dst, boolean[] flags, boolean[] liq, int n, int parts) {
        ForkJoinTask<?>[] tasks = new ForkJoinTask[parts];
        for (int k = 1; k < parts; k++) {
            int from = (int) ((long) n * k / parts), to = (int) ((long) n * (k + 1) / parts);
            tasks[k] = ForkJoinPool.commonPool().submit(() -> copy(q, e, m, dst, flags, liq, from, to, n));
        }
        copy(q, e, m, dst, flags, liq, 0, n / parts, n);
        for (int k = 1; k < parts; k++) {
            tasks[k].join();
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * Median CPU time and median wall time of {@code reps} runs, ns. CPU time is this thread's, or the whole process's
     * for a kernel that runs on several threads: on a shared machine it is the figure that does not depend on how
     * often the scheduler lets us run.
     */
    static double[] median(Runnable r, int reps, boolean process) {
        double[] cpu = new double[reps], wall = new double[reps];
        // process CPU time is coarse (ticks of the OS clock): it is read around the whole set of runs
        long p0 = OS.getProcessCpuTime();
        for (int i = 0; i < reps; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            r.run();
            wall[i] = System.nanoTime() - a;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
        }
        double processMean = (OS.getProcessCpuTime() - p0) / (double) reps;
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[]{process ? processMean : cpu[reps / 2], wall[reps / 2]};
    }

    /** Cascade event core: one hour of 1-s steps with 10⁵ positions, the O(N) reset outside the timed unit. */
    static void cascade(int rounds) {
        var stepper = CascadeStepBenchmark.newStepper();
        int steps = CascadeStepBenchmark.STEPS;
        for (int w = 0; w < 5; w++) {
            stepper.reset();
            for (int i = 0; i < steps; i++) {
                stepper.step();
            }
        }
        for (int r = 0; r < rounds; r++) {
            stepper.reset();
            long c = THREADS.getCurrentThreadCpuTime(), a = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                stepper.step();
            }
            double cpu = THREADS.getCurrentThreadCpuTime() - c, wall = System.nanoTime() - a;
            sink = stepper.lastPrice();
            long c2 = THREADS.getCurrentThreadCpuTime();
            stepper.reset();
            double reset = THREADS.getCurrentThreadCpuTime() - c2;
            System.out.printf(Locale.ROOT, "cascade_step %.1f %.1f%n", cpu / steps, wall / steps);
            System.out.printf(Locale.ROOT, "cascade_reset %.1f %.1f%n", reset, reset);
        }
    }

    static void cross(int rounds) {
        Instruments inst = Books.fiveSymbols();
        Account a = Books.fivePositionCross();
        AccountKernel k = AccountKernel.of(inst);
        AccountKernel.Book book = new AccountKernel.Book(8);
        AccountKernel.Result res = new AccountKernel.Result(8);
        int ops = 20_000;
        Runnable arrays = () -> {
            for (int i = 0; i < ops; i++) {
                k.load(a, book);
                k.evaluate(book, res);
            }
            sink = res;
        };
        Runnable arraysOnly = () -> {
            for (int i = 0; i < ops; i++) {
                k.evaluate(book, res);
            }
            sink = res;
        };
        Runnable reference = () -> {
            Object o = null;
            for (int i = 0; i < ops; i++) {
                o = MarginCalculator.evaluate(a, inst);
            }
            sink = o;
        };
        for (int w = 0; w < 20; w++) {
            arrays.run();
            arraysOnly.run();
            reference.run();
        }
        for (int r = 0; r < rounds; r++) {
            for (Object[] kv : new Object[][]{{"cross_reference", reference}, {"cross_arrays", arraysOnly}, {"cross_arrays_with_load", arrays}}) {
                double[] t = median((Runnable) kv[1], 3, false);
                System.out.printf(Locale.ROOT, "%s %.1f %.1f%n", kv[0], t[0] / ops, t[1] / ops);
            }
        }
    }

    /**
     * Tick-index cost against N: N isolated BTCUSDT positions (liquidation price as the one trigger), then a random
     * walk of the mark in 0.01 % steps; ns per tick and triggers crossed per tick, beside one full sweep of the same N.
     */
    static void index(int[] sizes) {
        TierTable tt = TierTable.of(Books.BTC);
        Sweep sweep = new Sweep(tt);
        for (int n : sizes) {
            Books.Isolated b = Books.Isolated.random(n, 11);
            TriggerIndex index = new TriggerIndex(n);
            double[] one = new double[1];
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                double q = b.signedQty()[i];
                one[0] = TriggerIndex.triggerPrice(tt, q > 0 ? 1 : -1, Math.abs(q), b.entry()[i], b.margin()[i], 0, 0, 1.0, 58_000);
                index.put(i, q > 0, one, 1);
            }
            index.resetMark(58_000);
            index.onMark(58_000.5, (id, level, breached) -> { });
            double buildS = (System.nanoTime() - t0) / 1e9;
            long[] crossed = new long[1];
            TriggerIndex.Sink count = (id, level, breached) -> crossed[0]++;
            SplittableRandom rnd = new SplittableRandom(5);
            double mark = 58_000;
            int ticks = 20_000;
            // warm-up
            for (int i = 0; i < ticks; i++) {
                mark *= 1 + (rnd.nextDouble() - 0.5) * 2e-4;
                index.onMark(mark, count);
            }
            double[] perBlock = new double[10];
            crossed[0] = 0;
            for (int blk = 0; blk < perBlock.length; blk++) {
                long a = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < ticks / 10; i++) {
                    mark *= 1 + (rnd.nextDouble() - 0.5) * 2e-4;
                    index.onMark(mark, count);
                }
                perBlock[blk] = (THREADS.getCurrentThreadCpuTime() - a) / (double) (ticks / 10);
            }
            Arrays.sort(perBlock);
            double[] ratio = new double[n];
            boolean[] liq = new boolean[n];
            double fm = mark;
            // warm-up: ~2·10⁷ positions, so the sweep is compiled whatever N
            for (int w = 0; w < Math.max(3, 20_000_000 / n); w++) {
                sweep.range(fm, b.signedQty(), b.entry(), b.margin(), ratio, liq, 0, n);
            }
            double sweepNs = median(() -> sink = sweep.range(fm, b.signedQty(), b.entry(), b.margin(), ratio, liq, 0, n), 5, false)[0];
            System.out.printf(Locale.ROOT, "index n %d tick_cpu_ns_median %.1f min %.1f max %.1f crossed_per_tick %.3f sweep_cpu_ns %.0f build_s %.2f%n",
                    n, perBlock[perBlock.length / 2], perBlock[0], perBlock[perBlock.length - 1], crossed[0] / (double) ticks, sweepNs, buildS);
        }
    }
}
