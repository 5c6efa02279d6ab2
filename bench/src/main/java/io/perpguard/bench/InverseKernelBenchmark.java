package io.perpguard.bench;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.Position;
import io.perpguard.margin.fast.AccountKernel;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Policy;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Inverse (coin-margined) contracts through the fast kernels beside the same work on linear ones, in one run: the
 * five-position cross account of {@link FastPathBenchmark} evaluated by {@link AccountKernel} on Binance USDⓈ-M and
 * on Binance COIN-M (each position's USD face = qty × entry², so the coin notional and every tier looked up are the
 * linear one's), and Trader B's survival Monte Carlo ({@link MonteCarloBench}'s market, one thread) on BTCUSDT and on
 * BTCUSD_PERP (equity 10,000 USDT against its worth in BTC at the start, tiers at the same USD value). The ratio
 * inverse / linear is the cost of the coin arithmetic (divisions for multiplications).
 * <p>Run: {@code java -jar bench/target/benchmarks.jar InverseKernel -f 1 -wi 3 -i 5}; on a shared machine
 * {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.InverseKernelBenchmark [rounds]} alternates the two
 * sides round after round by thread CPU time and prints each pair's median ratio (what docs/performance.md quotes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InverseKernelBenchmark {
    static final int PATHS = 500;

    AccountKernel linearKernel, inverseKernel;
    AccountKernel.Book linearBook, inverseBook;
    AccountKernel.Result result;
    MonteCarloBench market;
    Instrument btcusd;

    @Setup(Level.Trial)
    public void setUp() {
        Instruments linear = Books.fiveSymbols();
        Account account = Books.fivePositionCross();
        List<Instrument> coin = new ArrayList<>();
        List<Position> faces = new ArrayList<>();
        for (Position p : account.positions()) {
            Instrument in = linear.get(p.symbol());
            String sym = p.symbol().replace("USDT", "USD");
            coin.add(new Instrument(coinMargined(in.contract(), sym),
                    new RiskTiers(sym, in.tiers().brackets())));
            faces.add(new Position(sym, p.side(), p.qty() * p.entryPrice() * p.entryPrice(), p.entryPrice(), p.leverage(), p.marginMode(),
                    p.positionSide(), p.marginAdded(), p.markPrice(), ContractType.INVERSE));
        }
        Instruments inverse = Instruments.of(coin.toArray(Instrument[]::new));
        linearKernel = AccountKernel.of(linear);
        inverseKernel = AccountKernel.of(inverse);
        linearBook = new AccountKernel.Book(8);
        inverseBook = new AccountKernel.Book(8);
        result = new AccountKernel.Result(8);
        linearKernel.load(account, linearBook);
        inverseKernel.load(new Account(account.walletBalance(), faces), inverseBook);

        market = new MonteCarloBench();
        market.setup();
        double start = market.bars.lastClose();
        io.perpguard.venue.TierTable t = market.instrument.tiers().table();
        double[] floors = t.floors().clone(), caps = t.caps().clone();
        for (int i = 0; i < t.size(); i++) {
            floors[i] /= start;
            caps[i] /= start;
        }
        btcusd = new Instrument(coinMargined(market.instrument.contract(), "BTCUSD_PERP"),
                RiskTiers.of("BTCUSD_PERP", floors, caps, t.maxLeverages(), t.rates()));
    }

    /** The same contract rules as Binance COIN-M's {@code symbol}: 100 USD a contract, settled in BTC. */
    static io.perpguard.instrument.Contract coinMargined(io.perpguard.instrument.Contract c, String symbol) {
        return new io.perpguard.instrument.Contract(symbol, c.tickSize(), 1, 1, 0, c.takerFee(), c.makerFee(), c.fundingIntervalHours(),
                c.liquidationFeeRate()).on(Exchange.BINANCE_COINM, ContractType.INVERSE, 100, "BTC");
    }

    @Benchmark
    public double crossEvaluateLinear() {
        linearKernel.evaluate(linearBook, result);
        return result.crossMarginRatio;
    }

    @Benchmark
    public double crossEvaluateInverse() {
        inverseKernel.evaluate(inverseBook, result);
        return result.crossMarginRatio;
    }

    @Benchmark
    @OperationsPerInvocation(PATHS * MonteCarloBench.STEPS)
    public double monteCarloLinear() {
        return MonteCarlo.run(Policy.traderB(), market.bars, market.funding, market.instrument,
                new MonteCarlo.Config(PATHS, MonteCarloBench.DAYS, 7, 1, 21, 0, 10_000, 0.10)).survivalAtHorizon();
    }

    @Benchmark
    @OperationsPerInvocation(PATHS * MonteCarloBench.STEPS)
    public double monteCarloInverse() {
        return MonteCarlo.run(Policy.traderB(), market.bars, market.funding, btcusd,
                new MonteCarlo.Config(PATHS, MonteCarloBench.DAYS, 7, 1, 21, 0, 10_000 / market.bars.lastClose(), 0.10)).survivalAtHorizon();
    }

    /** Alternates linear and inverse round after round by this thread's CPU time; prints ns per op and the median ratio. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        InverseKernelBenchmark b = new InverseKernelBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        int calls = 200_000;
        java.util.function.ToDoubleFunction<Runnable> ns = r -> {
            long t = cpu.getCurrentThreadCpuTime();
            r.run();
            return cpu.getCurrentThreadCpuTime() - t;
        };
        Runnable crossLinear = () -> { for (int k = 0; k < calls; k++) { b.crossEvaluateLinear(); } };
        Runnable crossInverse = () -> { for (int k = 0; k < calls; k++) { b.crossEvaluateInverse(); } };
        double[][] out = new double[4][rounds];
        for (int w = 0; w < 3; w++) {   // warm-up: both sides compiled before the first measured round
            crossLinear.run();
            crossInverse.run();
            b.monteCarloLinear();
            b.monteCarloInverse();
        }
        for (int i = 0; i < rounds; i++) {
            out[0][i] = ns.applyAsDouble(crossLinear) / calls;
            out[1][i] = ns.applyAsDouble(crossInverse) / calls;
            out[2][i] = ns.applyAsDouble(b::monteCarloLinear) / ((double) PATHS * MonteCarloBench.STEPS);
            out[3][i] = ns.applyAsDouble(b::monteCarloInverse) / ((double) PATHS * MonteCarloBench.STEPS);
        }
        String[] names = {"cross evaluate (ns/op)", "Monte Carlo (ns/path-step)"};
        for (int k = 0; k < 2; k++) {
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = out[2 * k + 1][i] / out[2 * k][i];
            }
            System.out.printf(java.util.Locale.ROOT, "%s: linear %.1f, inverse %.1f (medians, CPU), inverse/linear median %.3f (range %.3f-%.3f, %d rounds)%n",
                    names[k], median(out[2 * k]), median(out[2 * k + 1]), median(ratio), java.util.Arrays.stream(ratio).min().orElse(0),
                    java.util.Arrays.stream(ratio).max().orElse(0), rounds);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
