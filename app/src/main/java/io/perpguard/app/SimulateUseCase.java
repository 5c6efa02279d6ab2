package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Proportion;
import io.perpguard.app.explain.PolicyText;
import io.perpguard.app.explain.VenueText;
import io.perpguard.sim.Policy;
import io.perpguard.sim.ReturnBars;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.MarginConvention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code simulate}: survival Monte Carlo of one trading policy on block-bootstrapped real candles, paying real (or a
 * constant) funding and taker fees, margined and liquidated by the contract's venue rules (the instruments given: one
 * venue's), linear or inverse (an inverse contract's equity, margin, PnL and funding in its coin). The desk's survival
 * panel runs Trader A and Trader B through the same function.
 */
public final class SimulateUseCase {
    /** Paths ({@code --paths}): checked as given, before a front end narrows the number to an int. */
    public static final Count PATHS = new Count("paths", 1, io.perpguard.sim.MonteCarlo.Config.MAX_PATHS);
    /** Worker threads ({@code --threads}). */
    public static final Count THREADS = new Count("threads", 1, io.perpguard.sim.MonteCarlo.Config.MAX_THREADS);
    public static final int DEFAULT_PATHS = 1000;
    public static final int DEFAULT_HORIZON_DAYS = 365;
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_FUNDING_RATE = 0.0001;
    /** Bootstrap block length in bars: one week of hourly bars. */
    public static final int DEFAULT_BLOCK_BARS = 168;
    public static final double DEFAULT_EQUITY = 10_000;
    /** Ruin = equity 90 % below the start ({@link RuinPct}): a floor of 10 % of it. */
    public static final double DEFAULT_RUIN_PCT = 90;

    private SimulateUseCase() {
    }

    /**
     * @param candles            bars to bootstrap from, named {@code candleSource} in the result
     * @param funding            funding-rate history to bootstrap, null for a constant {@code fundingRate} per interval
     * @param policy             the policy; {@code policyName} names it in the result
     * @param leverage           overrides the policy's leverage, null to keep it
     * @param side               overrides the policy's side (long or short), null to keep it
     * @param threads            worker threads (results do not depend on them), null for the number of cores
     * @param fundingBlockLength funding rates per block; 0 = the span of time of a candle block
     * @param ruinPct            ruin = equity this percent below the starting equity ({@link RuinPct}), null for 90
     * @param symbol             the contract (tiers and fees), null for the candles' own, else BTCUSDT
     * @param warnings           warnings of reading the inputs, passed on
     */
    public record Request(CandleSeries candles, String candleSource, FundingHistory funding, String fundingSource, Double fundingRate,
                          Policy policy, String policyName, Double leverage, Side side, Integer paths, Integer horizonDays, Long seed, Integer threads,
                          Integer blockLength, Integer fundingBlockLength, Double equity, Double ruinPct, String symbol, List<String> warnings) {
        public Request {
            Required.value("candles", candles);
            Required.value("policy", policy);
            fundingRate = Checks.inRange("fundingRate", Required.or(fundingRate, DEFAULT_FUNDING_RATE), -0.05, 0.05);
            if (leverage != null) {
                // the policy's own range (1 to 125): "0 must be greater than 0" left the upper bound unsaid
                policy = policy.withLeverage(leverage);
            }
            if (side != null) {
                policy = policy.withSide(side);
            }
            paths = PATHS.check(Required.or(paths, DEFAULT_PATHS));
            horizonDays = Required.or(horizonDays, DEFAULT_HORIZON_DAYS);
            seed = Required.or(seed, DEFAULT_SEED);
            threads = threads != null ? THREADS.check(threads) : Runtime.getRuntime().availableProcessors();
            blockLength = Required.or(blockLength, DEFAULT_BLOCK_BARS);
            fundingBlockLength = Required.or(fundingBlockLength, 0);
            // the option's name, not the engine's startEquity; null: DEFAULT_EQUITY, for an inverse contract its worth in the coin (run)
            // at most the bound of every amount (an equity of 1e308 printed 300-digit percentiles of a book no tier holds)
            equity = equity == null ? null : io.perpguard.InputBounds.equity("equity", equity);
            ruinPct = RuinPct.check("ruinPct", Required.or(ruinPct, DEFAULT_RUIN_PCT));
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** Ruin when equity falls below this fraction of the start. */
        public double ruinFloor() {
            return RuinPct.floor(ruinPct);
        }
    }

    /** Where the inputs came from and what they span. */
    public record Data(String candles, int candleBars, String candlesFrom, String candlesTo, String funding, Integer fundingRates,
                       String fundingFrom, String fundingTo) {
    }

    public record Day(int day, double survival) {
    }

    /** Serialises as {@code simulate --json}. */
    public record Result(String policy, String policyRule, Side side, int paths, int horizonDays, long seed, int threads, double survivalAtHorizon,
                         Interval95 survivalInterval95, double liquidatedShare, double ruinedShare, double medianDaysToRuin,
                         MonteCarlo.EquityPercentiles terminalEquityPercentiles, MonteCarlo.DrawdownPercentiles maxDrawdownPercentiles,
                         double meanTrades, double startEquity, String settlementCurrency, double ruinPct, String symbol, String exchange, String venue,
                         double takerFeePct, MarginConvention.LiquidationTake liquidationTake, double liquidationFeePct,
                         double barHours, int horizonBars, int blockLength, int fundingBlockLength, String returnSampling, String fundingSampling,
                         Data data, List<Day> survivalCurve, List<String> warnings) {
        /** Survival at the end of day {@code d} (1-based). */
        public double survivalOnDay(int d) {
            return survivalCurve.get(d - 1).survival();
        }
    }

    /**
     * Refuses a bootstrap block that leaves fewer than two block starts in the history: every path would replay the same
     * stretch (the kernel would otherwise cap it silently). Blocks over half the history still run, with a warning.
     */
    static void requireBlockFits(String field, int block, int available, String what) {
        if (block > available - 1) {
            throw new InvalidInputException(field, String.format(Locale.ROOT, "%,d is not below the %,d %s (every path would replay the same "
                    + "stretch of history); allowed 1 to %,d", block, available, what, Math.max(1, available - 1)));
        }
    }

    public static Result run(Request r, Instruments instruments) {
        CandleSeries cs = r.candles();
        String sym = r.symbol() != null ? r.symbol() : !cs.symbol().isEmpty() ? cs.symbol() : DefaultMarks.SYMBOL;
        Instrument inst = instruments.get(sym);
        // the policy opens at a leverage the venue sets: --leverage, else the policy file's (policy.leverage, as PolicyFile names it)
        inst.requireLeverageStep(r.leverage() != null ? "leverage" : "policy.leverage", r.policy().leverage());
        FundingHistory fh = r.funding();
        MonteCarlo.Funding f = fh != null ? MonteCarlo.Funding.history(fh)
                : MonteCarlo.Funding.constant(r.fundingRate(), inst.contract().fundingIntervalHours());
        ReturnBars bars = ReturnBars.of(cs);
        // an inverse contract's default equity: 10,000 USD's worth of its coin at the last close
        double equity = r.equity() != null ? r.equity()
                : inst.contract().type() == ContractType.INVERSE ? DEFAULT_EQUITY / bars.lastClose() : DEFAULT_EQUITY;
        MonteCarlo.Config cfg = new MonteCarlo.Config(r.paths(), r.horizonDays(), r.seed(), r.threads(), r.blockLength(),
                r.fundingBlockLength(), equity, r.ruinFloor());
        requireBlockFits("blockLength", r.blockLength(), bars.size(), "bar returns of " + r.candleSource());
        if (fh != null && r.fundingBlockLength() > 0) {
            requireBlockFits("fundingBlockLength", r.fundingBlockLength(), f.rates().length, "funding rates of " + r.fundingSource());
        }
        MonteCarlo.Report m = MonteCarlo.run(r.policy(), bars, f, inst, cfg);
        MarginConvention.LiquidationTake take = inst.convention().liquidationTake();
        Data data = new Data(r.candleSource(), cs.size(), cs.size() > 0 ? Instant.ofEpochMilli(cs.openTimeMs()[0]).toString() : null,
                cs.size() > 0 ? Instant.ofEpochMilli(cs.openTimeMs()[cs.size() - 1]).toString() : null, fh != null ? r.fundingSource() : null,
                fh != null ? fh.size() : null, fh != null ? Instant.ofEpochMilli(fh.timeMs()[0]).toString() : null,
                fh != null ? Instant.ofEpochMilli(fh.timeMs()[fh.size() - 1]).toString() : null);
        List<Day> curve = new ArrayList<>(m.horizonDays());
        for (int d = 0; d < m.horizonDays(); d++) {
            curve.add(new Day(d + 1, m.survivalByDay()[d]));
        }
        List<String> warnings = new ArrayList<>(r.warnings());
        if (bars.size() < 2 * r.blockLength()) {
            warnings.add(String.format(Locale.ROOT, "only %,d bars to bootstrap from in %,d-bar blocks: paths replay largely the same stretch of history",
                    bars.size(), r.blockLength()));
        }
        return new Result(r.policyName(), PolicyText.rule(r.policy()), r.policy().side(), m.paths(), m.horizonDays(), m.seed(), m.threads(), m.survivalAtHorizon(),
                Interval95.of(Proportion.wilson95(m.survivalAtHorizon(), m.paths())), m.liquidatedShare(), m.ruinedShare(), m.medianDaysToRuin(), m.terminalEquity(), m.maxDrawdownPct(), m.meanTrades(),
                m.startEquity(), inst.contract().settlementCurrency(), r.ruinPct(), inst.symbol(), inst.contract().exchange().id(), VenueText.name(inst.convention()), 100 * inst.contract().takerFee(),
                take, 100 * take.rate(inst.contract().liquidationFeeRate(), inst.contract().takerFee()), bars.barHours(),
                m.horizonSteps(), m.blockLength(), m.fundingBlockLength(),
                "moving-block bootstrap of real candle bars (close, high, low relative to the previous close), " + m.blockLength()
                        + " bars per block, block starts uniform; liquidation and stops checked intrabar on high/low",
                fh != null ? "independent block bootstrap of the funding-rate history, " + m.fundingBlockLength() + " rates per block, paid every "
                        + f.intervalHours() + "h on the open notional"
                        : "constant " + Checks.fmt(r.fundingRate()) + " per " + f.intervalHours() + "h (no --funding file)",
                data, curve, warnings);
    }
}
