package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.fast.LevelSolver;
import io.perpguard.margin.fast.TierTable;
import io.perpguard.market.FundingHistory;
import io.perpguard.venue.MarginConvention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Survival Monte Carlo: a {@link Policy} trades many price paths built by block bootstrap from real candles, paying
 * real funding and taker fees; liquidation or equity below the ruin level ends a path. Margin, liquidation price and
 * what a liquidation takes follow the contract's venue convention, linear or inverse (coin-margined: equity, margin,
 * PnL and funding in the coin).
 *
 * <h2>Paths</h2>
 * Each path starts at the last real close and strings together blocks of {@code blockLength} consecutive real bars
 * (moving-block bootstrap, Künsch 1989), each block starting at a uniformly drawn bar; a bar moves the path's close by
 * the real close-to-close ratio and sets its high and low by the real ratios to the previous close. Liquidation and
 * stops are checked against the bar's high and low (intrabar), stops before targets.
 *
 * <h2>Funding</h2>
 * The funding history may cover another period than the candles, so it is sampled <b>by an independent block
 * bootstrap of the funding-rate sequence</b>: blocks of {@code fundingBlockLength} consecutive real rates (by default
 * the same span of time as a candle block), paid at every funding time of the path (every
 * {@code intervalHours} from the start) on the open position's notional at the bar's close; a history whose interval
 * changed is first re-cut to its median interval by time. Without a history a constant rate is paid.
 *
 * <h2>Determinism</h2>
 * Path i draws from its own {@link SplittableRandom} seeded with {@link #pathSeed(long, int)}, so every path — and the
 * whole report — is the same for a seed whatever the thread count. The kernel runs over primitive arrays and makes no
 * allocation per step (one {@code SplittableRandom} per path).
 */
public final class MonteCarlo {
    /** Internal marker of a path that was never ruined. */
    static final int NEVER = Integer.MAX_VALUE;
    private static final long DAY_MS = 86_400_000L;
    /** Paths handed to a worker at a time. */
    private static final int CHUNK = 64;

    private MonteCarlo() {
    }

    /**
     * Funding rates to pay along the paths.
     *
     * @param rates         rates per interval (fractions), oldest first; one rate = a constant
     * @param intervalHours hours between payments
     * @param source        what the rates are, for reports
     */
    public record Funding(double[] rates, int intervalHours, String source) {
        public Funding {
            if (rates == null || rates.length == 0) {
                throw new InvalidInputException("funding", "no funding rates");
            }
            for (int i = 0; i < rates.length; i++) {
                Checks.inRange("funding[" + i + "]", rates[i], -0.05, 0.05);
            }
            if (intervalHours < 1 || intervalHours > 24) {
                throw new InvalidInputException("fundingInterval", intervalHours + "h is outside 1h to 24h");
            }
        }

        /**
         * The real history, bootstrapped in blocks and paid every median interval: a history with one spacing as it is,
         * one whose venue changed the interval (8 h then 1 h) re-cut to the median interval by time
         * ({@link FundingHistory#ratesEvery(int)}), or each 8-hourly rate would be paid every hour.
         */
        public static Funding history(FundingHistory h) {
            int hours = h.intervalHours();
            return new Funding(h.spacingsHours().size() > 1 ? h.ratesEvery(hours) : h.rate(), hours, "history");
        }

        /** A constant rate every {@code intervalHours}. */
        public static Funding constant(double rate, int intervalHours) {
            return new Funding(new double[]{rate}, intervalHours, "constant");
        }
    }

    /**
     * Simulation settings.
     *
     * @param paths              number of paths, 1 or more
     * @param horizonDays        days simulated, 1 or more
     * @param seed               random seed
     * @param threads            worker threads (1 or more); the result does not depend on it
     * @param blockLength        candle bars per bootstrap block, 1 or more (capped at the bars available)
     * @param fundingBlockLength funding rates per bootstrap block; 0 = the same span of time as a candle block
     * @param startEquity        starting equity, settlement currency (quote; the coin for an inverse contract)
     * @param ruinLevel          ruin when equity falls below this fraction of the start, 0 to under 1 (0.1 = 10 %)
     */
    public record Config(int paths, int horizonDays, long seed, int threads, int blockLength, int fundingBlockLength,
                         double startEquity, double ruinLevel) {
        /** The most paths, and worker threads, a run may ask for. */
        public static final int MAX_PATHS = 100_000_000, MAX_THREADS = 1024;

        public Config {
            Checks.inRange("paths", paths, 1, MAX_PATHS);
            Checks.inRange("horizonDays", horizonDays, 1, 36_500);
            Checks.inRange("threads", threads, 1, MAX_THREADS);
            Checks.inRange("blockLength", blockLength, 1, 10_000_000);
            Checks.inRange("fundingBlockLength", fundingBlockLength, 0, 10_000_000);
            Checks.positive("startEquity", startEquity);
            Checks.finite("ruinLevel", ruinLevel);
            if (ruinLevel < 0 || ruinLevel >= 1) {
                throw new InvalidInputException("ruinLevel", Checks.fmt(ruinLevel) + " is outside the allowed range 0 to under 1");
            }
        }

        /** Defaults: 10,000 of the settlement currency, ruin below 10 %, blocks of 168 bars (fees are the contract's). */
        public static Config defaults(int paths, int horizonDays, long seed, int threads) {
            return new Config(paths, horizonDays, seed, threads, 168, 0, 10_000, 0.10);
        }
    }

    /**
     * What the paths did. Survival counts paths neither liquidated nor ruined.
     *
     * @param paths                  paths simulated
     * @param horizonDays            days simulated
     * @param horizonSteps           bars simulated per path
     * @param seed                   the seed
     * @param threads                worker threads used
     * @param blockLength            candle bars per block used
     * @param fundingBlockLength     funding rates per block used
     * @param startEquity            starting equity
     * @param survivalAtHorizon      fraction of paths neither liquidated nor ruined at the horizon
     * @param survivalByDay          fraction surviving at the end of day 1, 2, …, horizonDays
     * @param liquidatedShare        fraction of paths that ended in liquidation
     * @param ruinedShare            fraction that ended by liquidation or by equity below the ruin level
     * @param terminalEquity         percentiles of equity at the horizon (or where the path ended), settlement currency
     * @param maxDrawdownPct         percentiles of the largest peak-to-trough fall of equity at bar closes, percent
     * @param medianDaysToRuin       median time to ruin over all paths (survivors count as never), days, interpolated
     *                               as the other percentiles; NaN unless more than half are ruined
     * @param meanTrades             trades opened per path, on average
     */
    public record Report(int paths, int horizonDays, int horizonSteps, long seed, int threads, int blockLength,
                         int fundingBlockLength, double startEquity, double survivalAtHorizon, double[] survivalByDay,
                         double liquidatedShare, double ruinedShare, EquityPercentiles terminalEquity,
                         DrawdownPercentiles maxDrawdownPct, double medianDaysToRuin, double meanTrades) {
    }

    /** Percentiles (Hyndman–Fan 7) of terminal equity, settlement currency. */
    public record EquityPercentiles(double p5, double p25, double p50, double p75, double p95) {
    }

    /** Percentiles of the maximum drawdown, percent (100 = everything lost). */
    public record DrawdownPercentiles(double p50, double p95) {
    }

    /** Per-path outcomes, indexed by path (structure of arrays). */
    static final class Outcomes {
        final int[] ruinStep;
        final boolean[] liquidated;
        final double[] terminalEquity;
        final double[] maxDrawdown;
        final int[] trades;

        Outcomes(int n) {
            ruinStep = new int[n];
            liquidated = new boolean[n];
            terminalEquity = new double[n];
            maxDrawdown = new double[n];
            trades = new int[n];
        }
    }

    //-------------------------------------------------------------------------
    /**
     * The seed of path {@code i}: the seed and the index mixed through the SplitMix64 finaliser (Steele, Lea &amp;
     * Flood 2014), so neighbouring paths do not share stretches of one stream.
     */
    public static long pathSeed(long seed, int pathIndex) {
        return mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (pathIndex + 1L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Runs the simulation.
     *
     * @param policy  the trader
     * @param bars    relative bars of the real candles
     * @param funding funding rates (history or constant)
     * @param instrument the contract: leverage brackets, taker fee on every fill, and its venue's margin and liquidation rule
     * @param config  settings
     */
    public static Report run(Policy policy, ReturnBars bars, Funding funding, Instrument instrument, Config config) {
        PathKernel k = kernel(policy, bars, funding, instrument, config);
        Outcomes out = new Outcomes(config.paths());
        runPaths(k, config, out);
        return report(k, config, out);
    }

    /** Builds the kernel (validates the policy against the tiers). Package-private for the benchmark's harness. */
    static PathKernel kernel(Policy policy, ReturnBars bars, Funding funding, Instrument instrument, Config config) {
        Checks.notNull("policy", policy);
        Checks.notNull("bars", bars);
        Checks.notNull("funding", funding);
        Checks.notNull("instrument", instrument);
        Checks.notNull("config", config);
        MarginConvention.Flat rule = instrument.convention().flat(instrument.terms(), instrument.contract().liquidationFeeRate());
        RiskTiers tiers = instrument.tiers();
        double takerFee = instrument.contract().takerFee();
        long horizonStepsL = config.horizonDays() * DAY_MS / bars.barMs();
        if (horizonStepsL < 1 || horizonStepsL > 50_000_000) {
            throw new InvalidInputException("horizon", config.horizonDays() + " days is " + horizonStepsL
                    + " bars of " + bars.barHours() + "h; allowed 1 to 50,000,000 bars");
        }
        int steps = (int) horizonStepsL;
        int block = Math.min(config.blockLength(), bars.size());
        long fundingMs = funding.intervalHours() * 3_600_000L;
        int fBlock = config.fundingBlockLength() > 0 ? config.fundingBlockLength()
                : (int) Math.max(1, Math.round((double) block * bars.barMs() / fundingMs));
        fBlock = Math.min(fBlock, funding.rates().length);
        // funding payments falling at the end of each step: times k × interval from the path start in (t−1, t] bars
        int[] events = new int[steps + 1];
        for (int t = 1; t <= steps; t++) {
            events[t] = (int) (Math.floorDiv(t * bars.barMs(), fundingMs) - Math.floorDiv((t - 1) * bars.barMs(), fundingMs));
        }
        // the venue's liquidation price on the tiers with its rate added, solved as the stream kernel solves it
        LevelSolver level = LevelSolver.of(rule, TierTable.of(tiers, rule.rateAdd()));
        double maxMeasure = tiers.maxNotionalAtLeverage(policy.leverage());   // notional, or contracts: the venue's tier measure
        if (maxMeasure <= 0) {
            throw new InvalidInputException("leverage", Checks.fmt(policy.leverage()) + "x is above every " + tiers.symbol() + " tier");
        }
        if (policy instanceof Policy.AllIn a) {
            double notional = config.startEquity() / (1 + a.leverage() * takerFee) * a.leverage();
            // the quantity of that notional: base units, or USD face (inverse: notional in coin × price)
            double qty = rule.type().qtyOf(notional, bars.lastClose());
            tiers.requireLeverageAllowed(a.leverage(), rule.basis() == MarginConvention.TierBasis.BY_CONTRACTS
                    ? rule.tierMeasure(qty, bars.lastClose()) : notional);
        }
        return new PathKernel(policy, bars, funding.rates(), events, steps, block, fBlock, config, takerFee, rule, level,
                maxMeasure);
    }

    static void runPaths(PathKernel k, Config config, Outcomes out) {
        int n = config.paths();
        int threads = Math.min(config.threads(), Math.max(1, (n + CHUNK - 1) / CHUNK));
        if (threads == 1) {
            for (int p = 0; p < n; p++) {
                k.run(p, config.seed(), out);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int start; (start = next.getAndAdd(CHUNK)) < n; ) {
                    int end = Math.min(n, start + CHUNK);
                    for (int p = start; p < end; p++) {
                        k.run(p, config.seed(), out);
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        List<Thread> pool = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(worker, "perpguard-mc-" + i);
            t.setDaemon(true);
            pool.add(t);
            t.start();
        }
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("simulation interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("simulation worker failed: " + failure.get(), failure.get());
        }
    }

    /**
     * The median of the days to ruin, survivors counting as never (+∞), by the interpolation every other percentile of the
     * report uses ({@link Percentiles#ofSorted}) — it took the lower middle value ({1, 2, 3, never} gave 2, not 2.5); +∞
     * (half or more never ruined) when the middle reaches a survivor.
     */
    static double medianDaysToRuin(double[] ruinDays) {
        double[] s = ruinDays.clone();
        Arrays.sort(s);
        return Percentiles.ofSorted(s, 0.5);
    }

    static Report report(PathKernel k, Config config, Outcomes out) {
        int n = config.paths();
        int days = config.horizonDays();
        long barMs = k.barMs;
        int[] ruinedOnDay = new int[days + 2];
        double[] ruinDays = new double[n];
        int liquidated = 0, ruined = 0;
        long trades = 0;
        for (int p = 0; p < n; p++) {
            int s = out.ruinStep[p];
            trades += out.trades[p];
            if (out.liquidated[p]) {
                liquidated++;
            }
            if (s == NEVER) {
                ruinDays[p] = Double.POSITIVE_INFINITY;
                continue;
            }
            ruined++;
            long endMs = s * barMs;
            ruinDays[p] = (double) endMs / DAY_MS;
            int day = (int) Math.min(days + 1, (endMs + DAY_MS - 1) / DAY_MS);
            ruinedOnDay[day]++;
        }
        double[] curve = new double[days];
        int alive = n;
        for (int d = 1; d <= days; d++) {
            alive -= ruinedOnDay[d];
            curve[d - 1] = (double) alive / n;
        }
        double medianDays = medianDaysToRuin(ruinDays);
        double[] eq = out.terminalEquity.clone();
        Arrays.sort(eq);
        double[] dd = out.maxDrawdown.clone();
        Arrays.sort(dd);
        return new Report(n, days, k.steps, config.seed(), config.threads(), k.block, k.fundingBlock, config.startEquity(),
                (double) (n - ruined) / n, curve, (double) liquidated / n, (double) ruined / n,
                new EquityPercentiles(Percentiles.ofSorted(eq, 0.05), Percentiles.ofSorted(eq, 0.25), Percentiles.ofSorted(eq, 0.5),
                        Percentiles.ofSorted(eq, 0.75), Percentiles.ofSorted(eq, 0.95)),
                new DrawdownPercentiles(100 * Percentiles.ofSorted(dd, 0.5), 100 * Percentiles.ofSorted(dd, 0.95)),
                Double.isFinite(medianDays) ? medianDays : Double.NaN, (double) trades / n);
    }
}
