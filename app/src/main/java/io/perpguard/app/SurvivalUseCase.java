package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Policy;
import io.perpguard.sim.ReturnBars;

import java.util.ArrayList;
import java.util.List;

/**
 * Survival of Trader A (all-in 50x, no stop) against Trader B (2 % risk to a 2×ATR stop at 10x) by Monte Carlo on the
 * same candles, each as {@code simulate --policy a|b --json} would report it.
 */
public final class SurvivalUseCase {
    public static final int DEFAULT_PATHS = 300;
    public static final int DEFAULT_HORIZON_DAYS = 60;
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_FUNDING_RATE = 0.0001;
    /** Bootstrap block length in bars (one week of hourly bars), as {@code simulate}'s default. */
    public static final int BLOCK_BARS = 168;

    private SurvivalUseCase() {
    }

    /**
     * @param candles      hourly bars to bootstrap from
     * @param candleSource where they came from (named in the result)
     * @param symbol       the contract traded, null for the candles' own
     */
    public record Request(CandleSeries candles, String candleSource, String symbol, Integer paths, Integer horizonDays, Long seed,
                          Double fundingRate, List<String> warnings) {
        public Request {
            Required.value("candles", candles);
            paths = (int) Checks.inRange("paths", Required.or(paths, DEFAULT_PATHS), 1, 20_000);
            horizonDays = (int) Checks.inRange("horizonDays", Required.or(horizonDays, DEFAULT_HORIZON_DAYS), 1, 730);
            seed = Required.or(seed, DEFAULT_SEED);
            fundingRate = Checks.inRange("fundingRate", Required.or(fundingRate, DEFAULT_FUNDING_RATE), -0.05, 0.05);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** One trader's outcome. */
    public record PolicyResult(String policyRule, double survivalAtHorizon, double liquidatedShare, double ruinedShare,
                               double medianDaysToRuin, double meanTrades, double[] survivalByDay) {
    }

    public record Result(String candles, int candleBars, String symbol, int paths, int horizonDays, long seed, double fundingRate,
                         PolicyResult a, PolicyResult b, List<String> warnings) {
    }

    public static Result run(Request r, Instruments instruments) {
        CandleSeries candles = r.candles();
        String sym = r.symbol() != null || candles.symbol().isEmpty() ? Required.or(r.symbol(), DefaultMarks.SYMBOL) : candles.symbol();
        Instrument inst = instruments.get(sym).requireLinear("simulate");
        if (inst.convention() != io.perpguard.venue.Conventions.BINANCE_USDM) {
            // the path kernel applies Binance USDⓈ-M's maintenance rule over primitive arrays; no other venue's yet
            throw new io.perpguard.InvalidInputException("exchange", "simulate models Binance USDⓈ-M's margin rule only; "
                    + inst.convention().name() + " is not simulated yet (calc prices it)");
        }
        ReturnBars bars = ReturnBars.of(candles);
        MonteCarlo.Funding funding = MonteCarlo.Funding.constant(r.fundingRate(), inst.contract().fundingIntervalHours());
        // simulate's defaults: blocks of a week, 10,000 USDT, ruin below 10 %; results do not depend on threads
        MonteCarlo.Config cfg = new MonteCarlo.Config(r.paths(), r.horizonDays(), r.seed(), 2, BLOCK_BARS, 0, 10_000, 0.10,
                inst.contract().takerFee(), inst.contract().liquidationFeeRate());
        PolicyResult[] out = new PolicyResult[2];
        Policy[] policies = {Policy.traderA(), Policy.traderB()};
        for (int i = 0; i < 2; i++) {
            MonteCarlo.Report rep = MonteCarlo.run(policies[i], bars, funding, inst.tiers(), cfg);
            out[i] = new PolicyResult(policies[i].rule(), rep.survivalAtHorizon(), rep.liquidatedShare(), rep.ruinedShare(),
                    rep.medianDaysToRuin(), rep.meanTrades(), rep.survivalByDay());
        }
        List<String> warnings = new ArrayList<>(r.warnings());
        if (bars.size() < 2 * BLOCK_BARS) {
            warnings.add("only " + bars.size() + " bars to bootstrap from: every path replays the same few weeks in " + BLOCK_BARS + "-bar blocks");
        }
        return new Result(r.candleSource(), candles.size(), inst.symbol(), r.paths(), r.horizonDays(), r.seed(), r.fundingRate(),
                out[0], out[1], warnings);
    }
}
