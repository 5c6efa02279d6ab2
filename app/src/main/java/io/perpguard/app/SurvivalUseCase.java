package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.sim.Policy;

import java.util.List;

/**
 * Survival of Trader A (all-in 50x, no stop) against Trader B (2 % risk to a 2×ATR stop at 10x) by Monte Carlo on the
 * same candles, each as {@code simulate --policy a|b --json} would report it.
 */
public final class SurvivalUseCase {
    /** The paths a desk survival run may ask for (the API body's {@code paths}). */
    public static final Count PATHS = new Count("paths", 1, 20_000);
    /** Its horizon in days ({@code horizonDays}). */
    public static final Count HORIZON_DAYS = new Count("horizonDays", 1, 730);
    public static final int DEFAULT_PATHS = 300;
    public static final int DEFAULT_HORIZON_DAYS = 60;
    public static final long DEFAULT_SEED = SimulateUseCase.DEFAULT_SEED;
    public static final double DEFAULT_FUNDING_RATE = SimulateUseCase.DEFAULT_FUNDING_RATE;
    /** Bootstrap block length in bars (one week of hourly bars), as {@code simulate}'s default. */
    public static final int BLOCK_BARS = SimulateUseCase.DEFAULT_BLOCK_BARS;

    private SurvivalUseCase() {
    }

    /**
     * @param candles      hourly bars to bootstrap from
     * @param candleSource where they came from (named in the result)
     * @param symbol       the contract traded, null for the candles' own
     * @param side         the side both traders take, null for long
     */
    public record Request(CandleSeries candles, String candleSource, String symbol, Integer paths, Integer horizonDays, Long seed,
                          Double fundingRate, Side side, List<String> warnings) {
        public Request {
            side = Required.or(side, Side.LONG);
            Required.value("candles", candles);
            paths = PATHS.check(Required.or(paths, DEFAULT_PATHS));
            horizonDays = HORIZON_DAYS.check(Required.or(horizonDays, DEFAULT_HORIZON_DAYS));
            seed = Required.or(seed, DEFAULT_SEED);
            fundingRate = Checks.inRange("fundingRate", Required.or(fundingRate, DEFAULT_FUNDING_RATE), -0.05, 0.05);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** One trader's outcome. */
    public record PolicyResult(String policyRule, double survivalAtHorizon, Interval95 survivalInterval95,
                               double liquidatedShare, double ruinedShare, double medianDaysToRuin, double meanTrades, double[] survivalByDay) {
        static PolicyResult of(SimulateUseCase.Result s) {
            return new PolicyResult(s.policyRule(), s.survivalAtHorizon(), s.survivalInterval95(), s.liquidatedShare(), s.ruinedShare(), s.medianDaysToRuin(),
                    s.meanTrades(), s.survivalCurve().stream().mapToDouble(SimulateUseCase.Day::survival).toArray());
        }
    }

    /**
     * @param exchange, venue whose rules priced it (the instruments given)
     * @param takerFeePct the taker fee every fill paid, percent (the contract's, or the body's {@code takerFeePct})
     */
    public record Result(String candles, int candleBars, String symbol, String exchange, String venue, double takerFeePct, int paths, int horizonDays, long seed,
                         double fundingRate, Side side, PolicyResult a, PolicyResult b, List<String> warnings) {
    }

    public static Result run(Request r, Instruments instruments) {
        // simulate's defaults (blocks of a week, 10,000 USDT, ruin 90 % below the start); results do not depend on threads
        SimulateUseCase.Result[] out = new SimulateUseCase.Result[2];
        Policy[] policies = {Policy.traderA().withSide(r.side()), Policy.traderB().withSide(r.side())};
        // the desk's own default, not a user's choice: a shorter history gets shorter blocks (and simulate's warning)
        int block = Math.max(1, Math.min(BLOCK_BARS, r.candles().size() - 2));
        for (int i = 0; i < 2; i++) {
            out[i] = SimulateUseCase.run(new SimulateUseCase.Request(r.candles(), r.candleSource(), null, null, r.fundingRate(), policies[i],
                    i == 0 ? "a" : "b", null, null, r.paths(), r.horizonDays(), r.seed(), 2, block, 0, null, null, r.symbol(), r.warnings()), instruments);
        }
        return new Result(r.candleSource(), r.candles().size(), out[0].symbol(), out[0].exchange(), out[0].venue(), out[0].takerFeePct(), r.paths(), r.horizonDays(), r.seed(), r.fundingRate(),
                r.side(), PolicyResult.of(out[0]), PolicyResult.of(out[1]), out[0].warnings());
    }
}
