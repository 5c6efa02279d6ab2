package io.perpguard.portfolio;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.util.List;

/**
 * Everything {@link PortfolioRisk#analyse} says about a portfolio. Fractions unless a name ends in {@code Pct};
 * NaN means "not known / does not apply" (JSON null).
 *
 * @param positions        one line per position, sub-account by sub-account
 * @param exposure         per-symbol and total exposure
 * @param betas            beta to the benchmark per symbol (the benchmark = 1; absent when unknown)
 * @param marginRatio      the highest cross margin ratio of any sub-account (the one nearest liquidation)
 * @param liquidationShock the market-wide move that first liquidates any sub-account
 * @param subAccounts      per sub-account: wallet, margin ratio, its own liquidating move
 * @param returns          the daily returns used (null without history)
 * @param pnl              daily P&amp;L of today's positions over {@code returns} (futures and spot; null without history)
 * @param historicalVar    historical VaR/ES (null without history)
 * @param scenarios        stress results
 * @param hedge            the suggested hedge of the futures book (null without futures positions)
 * @param spotHedges       the short that hedges each spot holding
 * @param warnings         what the reader must know (assumed betas, missing data, ...), as codes and figures
 */
public record PortfolioReport(List<PositionRisk> positions, Exposure exposure, Betas betas,
                              double marginRatio, Shock liquidationShock, List<SubAccountRisk> subAccounts,
                              ReturnMatrix returns, double[] pnl, HistoricalVar historicalVar,
                              List<StressTest.Result> scenarios, HedgePlan hedge, List<Hedge.SpotHedge> spotHedges,
                              List<PortfolioNote> warnings) {
    public PortfolioReport {
        positions = List.copyOf(positions);
        subAccounts = List.copyOf(subAccounts);
        scenarios = List.copyOf(scenarios);
        spotHedges = List.copyOf(spotHedges);
        warnings = List.copyOf(warnings);
    }

    /**
     * One position.
     *
     * @param liquidationPrice from the margin engine ({@code MarginCalculator.evaluate}; cross: others at mark),
     *                         rounded to the tick toward entry like {@code calc}; NaN when no price liquidates
     * @param beta             beta to the benchmark (NaN unknown)
     * @param qty              base units, or USD of face for a coin-margined (inverse) contract
     * @param notional         USD at mark: qty × mark, or the face of a coin-margined contract (its coin notional × mark)
     * @param deltaUsd         signed dollar delta of the position: ± notional (a coin account's margin is counted in
     *                         {@link Exposure}, not here)
     * @param contractType     linear or inverse
     * @param contracts        the size in the venue's contracts (NaN where it counts in base units)
     */
    public record PositionRisk(String subAccount, String symbol, Side side, MarginMode marginMode, PositionSide positionSide,
                               double qty, double entryPrice, double markPrice, double notional, double liquidationPrice,
                               double beta, double deltaUsd, io.perpguard.venue.ContractType contractType, double contracts) {
    }

    /**
     * A liquidating market-wide move, in percent of the benchmark's price (each symbol moves β × that).
     *
     * @param downPct    nearest fall that liquidates (negative), NaN when none in −99 %…0
     * @param upPct      nearest rise that liquidates, NaN when none in 0…+1000 %
     * @param nearestPct the one of the two nearer to 0
     * @param subAccount the sub-account liquidated first (null when none)
     */
    public record Shock(double downPct, double upPct, double nearestPct, String subAccount) {
        public static final Shock NONE = new Shock(Double.NaN, Double.NaN, Double.NaN, null);
    }

    /**
     * One sub-account.
     *
     * @param marginRatio  its cross margin ratio (NaN without cross positions)
     * @param transferable what it can transfer out
     * @param shock        its own liquidating move
     * @param currency     its wallet's currency (USDT, or the coin of a coin-margined account): of every amount above
     * @param equityUsd    wallet + unrealized PnL in USD (a coin wallet at its coin's mark)
     * @param collateral   a pooled sub-account's assets and how each moves in its shocks and scenarios (empty: one wallet)
     */
    public record SubAccountRisk(String name, double walletBalance, double marginBalance, double maintenanceMargin,
                                 double marginRatio, double transferable, Shock shock, String currency, double equityUsd,
                                 List<ShockBook.CoinMove> collateral) {
        public SubAccountRisk {
            collateral = List.copyOf(collateral);
        }

        /** One wallet. */
        public SubAccountRisk(String name, double walletBalance, double marginBalance, double maintenanceMargin,
                              double marginRatio, double transferable, Shock shock, String currency, double equityUsd) {
            this(name, walletBalance, marginBalance, maintenanceMargin, marginRatio, transferable, shock, currency, equityUsd, List.of());
        }
    }

    /** Historical 1-day VaR and ES in USD (losses positive), over {@code days} days. */
    public record HistoricalVar(double var95, double var99, double es95, double es99, int days) {
    }

    /**
     * The suggested hedge: the benchmark perpetual trade that neutralises the futures book's beta-weighted delta, placed
     * in the sub-account liquidated first.
     *
     * @param qty          base units
     * @param shockAfter   the liquidating move with the hedge on (null when the trade cannot be placed in the sub-account)
     * @param steps        the liquidating move with 25, 50, 75 and 100 % of the hedge
     * @param minVariance  the min-variance benchmark hedge of the futures book (equals the beta hedge when betas come from the
     *                     same window) and its historical effectiveness (null without history)
     * @param alternatives other instruments ranked by hedge effectiveness, each with its effect on the liquidating move
     */
    public record HedgePlan(String symbol, Side side, double qty, double notional, String subAccount, Shock shockAfter,
                            List<HedgeStep> steps, Hedge.MinVariance minVariance, List<Alternative> alternatives) {
        public HedgePlan {
            steps = List.copyOf(steps);
            alternatives = List.copyOf(alternatives);
        }
    }

    /** Part of the hedge on: {@code fraction} of the qty, and the liquidating move then (null when it cannot be placed). */
    public record HedgeStep(double fraction, double qty, Shock shockAfter) {
    }

    /**
     * An alternative hedge instrument: its min-variance hedge, the trade, and the liquidating move with it on (null when
     * the trade cannot be placed in the sub-account, e.g. it would add to an isolated position the wallet cannot fund).
     */
    public record Alternative(Hedge.MinVariance minVariance, Side side, double qty, double markPrice, Shock shockAfter) {
    }
}
