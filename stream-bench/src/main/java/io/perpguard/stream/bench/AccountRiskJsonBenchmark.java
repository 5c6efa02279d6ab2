package io.perpguard.stream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.perpguard.Money;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.stream.AccountRisk;
import io.perpguard.stream.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the money rounding costs the stream's {@code account-risk} output: a record as the stream publishes it (three
 * positions, amounts with double noise) written by the output serde's mapper ({@link Json#OUTPUT}: its 19 amounts through
 * {@link Money#round}) beside the same mapper without the money module (what the stream wrote before amounts were
 * rounded), and the rounding alone. A batch of 64 distinct records per call, so no one value stays in a register.
 * <p>Run: {@code java -jar stream-bench/target/benchmarks.jar AccountRiskJson -f 1 -wi 3 -i 5}; on a shared machine
 * {@code java -cp stream-bench/target/benchmarks.jar io.perpguard.stream.bench.AccountRiskJsonBenchmark [rounds]}
 * alternates the sides round after round by thread CPU time and prints medians and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccountRiskJsonBenchmark {
    static final int BATCH = 64;

    /** The output mapper as before the money module: finite doubles, lower-case enums, nothing rounded. */
    static final ObjectMapper UNROUNDED = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Double.class, new JsonOutput.FiniteDouble())
                    .addSerializer(double.class, new JsonOutput.FiniteDouble()));

    AccountRisk[] records;
    double[] amounts;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        records = new AccountRisk[BATCH];
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            List<AccountRisk.PositionRisk> ps = new ArrayList<>();
            double mm = 0, upnl = 0;
            for (int k = 0; k < 3; k++) {
                double entry = 60_000 * (0.5 + rnd.nextDouble()), mark = entry * (1 + 0.02 * (rnd.nextDouble() - 0.5));
                double qty = Math.round(rnd.nextDouble() * 2000) / 1000.0 + 0.001;
                double notional = qty * mark, m = notional * 0.004 - 0.1 * k, pnl = qty * (mark - entry);
                mm += m;
                upnl += pnl;
                ps.add(new AccountRisk.PositionRisk("BTCUSDT", "long", "both", "cross", qty, entry, mark, 20, notional, m,
                        10_000.1 + upnl, m / (10_000.1 + upnl), entry * 0.95, entry * 0.95 + 1e-9, -5.1, entry * 0.949, pnl, 0.0001,
                        notional * 0.0001, 1_700_000_000_000L + i));
                all.addAll(List.of(notional, m, 10_000.1 + upnl, pnl, notional * 0.0001));
            }
            records[i] = new AccountRisk("acct-" + i, "mark", "BTCUSDT", 1_700_000_000_000L + i, 10_000.1, 10_000.1 + upnl, mm,
                    mm / (10_000.1 + upnl), mm / (10_000.1 + upnl), upnl, ps);
            all.addAll(List.of(10_000.1, 10_000.1 + upnl, mm, upnl));
        }
        amounts = all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code account-risk} as published: {@link Json#OUTPUT}, amounts rounded. Bytes written, per batch. */
    @Benchmark
    public long shipped() throws Exception {
        long n = 0;
        for (AccountRisk r : records) {
            n += Json.OUTPUT.writeValueAsBytes(r).length;
        }
        return n;
    }

    /** The same records without the money module. */
    @Benchmark
    public long unrounded() throws Exception {
        long n = 0;
        for (AccountRisk r : records) {
            n += UNROUNDED.writeValueAsBytes(r).length;
        }
        return n;
    }

    /** {@link Money#round} of the batch's amounts alone (19 per record: 4 of the account, 5 of each position). */
    @Benchmark
    public double roundOnly() {
        double s = 0;
        for (double v : amounts) {
            s += Money.round(v);
        }
        return s;
    }

    /** The definition {@link Money#round} reproduces: each amount through {@code BigDecimal}. */
    @Benchmark
    public double roundBigDecimal() {
        double s = 0;
        for (double v : amounts) {
            s += java.math.BigDecimal.valueOf(v).setScale(Money.DECIMALS, java.math.RoundingMode.HALF_EVEN).doubleValue();
        }
        return s;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        AccountRiskJsonBenchmark b = new AccountRiskJsonBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        int calls = 2_000;
        long[] sink = new long[1];
        Runnable shipped = () -> { for (int k = 0; k < calls; k++) { sink[0] += call(b::shipped); } };
        Runnable unrounded = () -> { for (int k = 0; k < calls; k++) { sink[0] += call(b::unrounded); } };
        for (int w = 0; w < 10; w++) {   // warm-up: both sides compiled before the first measured round
            shipped.run();
            unrounded.run();
        }
        double[] dsink = new double[1];
        int roundCalls = 20_000;
        Runnable round = () -> { for (int k = 0; k < roundCalls; k++) { dsink[0] += b.roundOnly(); } };
        Runnable roundDecimal = () -> { for (int k = 0; k < roundCalls / 10; k++) { dsink[0] += b.roundBigDecimal(); } };
        for (int w = 0; w < 10; w++) {
            round.run();
            roundDecimal.run();
        }
        double[][] out = new double[4][rounds];
        double[] ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = cpu.getCurrentThreadCpuTime();
            shipped.run();
            out[0][i] = (cpu.getCurrentThreadCpuTime() - t) / (double) calls / BATCH;
            t = cpu.getCurrentThreadCpuTime();
            unrounded.run();
            out[1][i] = (cpu.getCurrentThreadCpuTime() - t) / (double) calls / BATCH;
            ratio[i] = out[0][i] / out[1][i];
            t = cpu.getCurrentThreadCpuTime();
            round.run();
            out[2][i] = (cpu.getCurrentThreadCpuTime() - t) / (double) roundCalls / b.amounts.length;
            t = cpu.getCurrentThreadCpuTime();
            roundDecimal.run();
            out[3][i] = (cpu.getCurrentThreadCpuTime() - t) / (double) (roundCalls / 10) / b.amounts.length;
        }
        System.out.printf(Locale.ROOT, "account-risk record to JSON (ns per record, CPU, medians of %d rounds): shipped (money rounded) %.0f, "
                        + "unrounded %.0f; shipped/unrounded median %.3f (range %.3f-%.3f)%s%n", rounds, median(out[0]), median(out[1]),
                median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0), sink[0] == 42 ? "" : "");
        System.out.printf(Locale.ROOT, "one amount to 8 decimals (ns, CPU, medians): Money.round %.1f, BigDecimal %.1f%s%n", median(out[2]),
                median(out[3]), dsink[0] == 42 ? " " : "");
    }

    private interface Call {
        long run() throws Exception;
    }

    private static long call(Call c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
