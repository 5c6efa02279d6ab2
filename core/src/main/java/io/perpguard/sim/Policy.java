package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;

/**
 * A trading policy the Monte Carlo applies to each simulated path. Each trades one side, long or short ({@link #side()},
 * long unless stated), isolated margin, taker fees on every fill; liquidation ends a path. The line a report shows for a policy is written from its
 * figures outside core ({@code app}'s {@code PolicyText}).
 */
public sealed interface Policy permits Policy.AllIn, Policy.RiskPerTrade {
    /** The longest ATR period, and the most bars a trade may be held, a {@link RiskPerTrade} takes. */
    int MAX_ATR_PERIOD = 10_000, MAX_BARS = 1_000_000;

    /** Isolated leverage the policy opens at. */
    double leverage();

    /** The side every trade of the policy takes. */
    Side side();

    /**
     * Trader A: at the start puts the whole equity up as isolated margin at {@code leverage}× (margin + opening fee =
     * equity) and holds the position ({@code side}) with no stop and no target until it is liquidated or the horizon ends.
     *
     * @param leverage isolated leverage, 1 to 125
     * @param side     long or short
     */
    record AllIn(double leverage, Side side) implements Policy {
        public AllIn {
            Checks.inRange("leverage", leverage, 1, 125);
            Checks.notNull("side", side);
        }

        /** All-in long. */
        public AllIn(double leverage) {
            this(leverage, Side.LONG);
        }
    }

    /**
     * Trader B: whenever flat (and once ATR has warmed up), opens {@code side} at the bar's close risking {@code riskPct} % of
     * equity to a stop {@code atrMultiple} × ATR({@code atrPeriod}) below entry (above it for a short) — size = risk / (stop distance + fees at
     * entry and stop) — at isolated {@code leverage}×, capped so margin and fee fit the equity and the leverage fits
     * the tier. Exits at the stop (checked first within a bar), at a target {@code targetR} × the stop distance beyond
     * entry in the trade's favour, or at the close after {@code maxBars} bars. A trade is not taken unless its liquidation
     * price lies at least {@code liquidationBufferAtr} ATRs beyond the stop (a stop at or past the liquidation price is no
     * stop, and one just short of it is walked past by funding).
     *
     * @param riskPct     percent of equity risked per trade (2 = 2 %), over 0 up to 100
     * @param atrMultiple stop distance in ATRs, over 0
     * @param atrPeriod   Wilder ATR period in bars, 1 or more
     * @param leverage    isolated leverage, 1 to 125
     * @param targetR     take-profit distance in multiples of the stop distance, over 0
     * @param maxBars     bars after which an open trade is closed at the close, 1 or more
     * @param liquidationBufferAtr least distance, in ATRs, between the stop and the liquidation price beyond it, 0 or more
     * @param side        long or short
     */
    record RiskPerTrade(double riskPct, double atrMultiple, int atrPeriod, double leverage, double targetR, int maxBars,
                        double liquidationBufferAtr, Side side) implements Policy {
        public RiskPerTrade {
            Checks.finite("riskPct", riskPct);
            if (riskPct <= 0 || riskPct > 100) {
                throw new InvalidInputException("riskPct", Checks.fmt(riskPct) + " is outside the allowed range over 0 to 100 (percent)");
            }
            Checks.positive("atrMultiple", atrMultiple);
            Checks.inRange("atrPeriod", atrPeriod, 1, MAX_ATR_PERIOD);
            Checks.inRange("leverage", leverage, 1, 125);
            Checks.positive("targetR", targetR);
            Checks.inRange("maxBars", maxBars, 1, MAX_BARS);
            Checks.notNegative("liquidationBufferAtr", liquidationBufferAtr);
            Checks.notNull("side", side);
        }

        /** Long only. */
        public RiskPerTrade(double riskPct, double atrMultiple, int atrPeriod, double leverage, double targetR, int maxBars,
                            double liquidationBufferAtr) {
            this(riskPct, atrMultiple, atrPeriod, leverage, targetR, maxBars, liquidationBufferAtr, Side.LONG);
        }

    }

    /** This policy at another leverage (the same side and figures). */
    default Policy withLeverage(double leverage) {
        return this instanceof RiskPerTrade b
                ? new RiskPerTrade(b.riskPct(), b.atrMultiple(), b.atrPeriod(), leverage, b.targetR(), b.maxBars(), b.liquidationBufferAtr(), b.side())
                : new AllIn(leverage, side());
    }

    /** This policy on {@code side} (the same figures). */
    default Policy withSide(Side side) {
        return this instanceof RiskPerTrade b
                ? new RiskPerTrade(b.riskPct(), b.atrMultiple(), b.atrPeriod(), b.leverage(), b.targetR(), b.maxBars(), b.liquidationBufferAtr(), side)
                : new AllIn(leverage(), side);
    }

    /** Trader A of the guide: all-in at 50×, no stop. */
    static AllIn traderA() {
        return new AllIn(50);
    }

    /** Trader B of the guide: 2 % risk to a 2×ATR(14) stop at 10×, target 2R, time exit after 72 bars, liquidation ≥ 1 ATR below the stop. */
    static RiskPerTrade traderB() {
        return new RiskPerTrade(2, 2, 14, 10, 2, 72, 1);
    }
}
