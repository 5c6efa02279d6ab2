package io.perpguard.bench;

import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.BatchReprice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.fast.AccountKernel;
import io.perpguard.margin.fast.Sweep;
import io.perpguard.margin.fast.TierTable;
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

import java.util.concurrent.TimeUnit;

/**
 * The fast margin paths against the reference: the full sweep of 10⁶ isolated BTCUSDT positions (branch-free,
 * both cores) beside the reference batch loop, and one five-position cross account evaluated by
 * {@link AccountKernel} beside {@link MarginCalculator#evaluate}. bench/compare alternates the same kernels with a
 * same-bytes copy and with numpy in one run; this is the JMH view.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar FastPath -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FastPathBenchmark {
    static final int POSITIONS = 1_000_000;
    Books.Isolated book;
    double[] ratio;
    boolean[] liquidated;
    BatchReprice reference;
    Sweep sweep;
    Account account;
    Instruments instruments;
    AccountKernel kernel;
    AccountKernel.Book arrays;
    AccountKernel.Result result;

    @Setup(Level.Trial)
    public void setUp() {
        book = Books.Isolated.random(POSITIONS, 7);
        ratio = new double[POSITIONS];
        liquidated = new boolean[POSITIONS];
        reference = new BatchReprice(Books.BTC);
        sweep = new Sweep(TierTable.of(Books.BTC));
        instruments = Books.fiveSymbols();
        account = Books.fivePositionCross();
        kernel = AccountKernel.of(instruments);
        arrays = new AccountKernel.Book(8);
        result = new AccountKernel.Result(8);
        kernel.load(account, arrays);
    }

    @Benchmark
    public int sweepReference() {
        return reference.reprice(58_000, book.signedQty(), book.entry(), book.margin(), ratio, liquidated);
    }

    @Benchmark
    public int sweepBranchFreeParallel() {
        return sweep.reprice(58_000, book.signedQty(), book.entry(), book.margin(), ratio, liquidated);
    }

    @Benchmark
    public int sweepBranchFreeOneThread() {
        return sweep.range(58_000, book.signedQty(), book.entry(), book.margin(), ratio, liquidated, 0, POSITIONS);
    }

    @Benchmark
    public Object crossEvaluateReference() {
        return MarginCalculator.evaluate(account, instruments);
    }

    @Benchmark
    public double crossEvaluateArrays() {
        kernel.evaluate(arrays, result);
        return result.crossMarginRatio;
    }
}
