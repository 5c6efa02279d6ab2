package io.perpguard.sim;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * A trading policy the Monte Carlo applies to each simulated path. Both policies trade long only, isolated margin,
 * taker fees on every fill; liquidation ends a path. The line a report shows for a policy is written from its
 * figures outside core ({@code app}'s {@code PolicyText}).
 */
public sealed interface Policy permits Policy.AllIn, Policy.RiskPerTrade {
    /** Isolated leverage the policy opens at. */
    double leverage();

    /**
     * Trader A: at the start puts the whole equity up as isolated margin at {@code leverage}× (margin + opening fee =
     * equity) and holds the long with no stop and no target until it is liquidated or the horizon ends.
     *
     * @param leverage isolated leverage, 1 to 125
     */
    record AllIn(double leverage) implements Policy {
        public AllIn {
            Checks.inRange("leverage", leverage, 1, 125);
        }
    }

    /**
     * Trader B: whenever flat (and once ATR has warmed up), goes long at the bar's close risking {@code riskPct} % of
     * equity to a stop {@code atrMultiple} × ATR({@code atrPeriod}) below entry — size = risk / (stop distance + fees at
     * entry and stop) — at isolated {@code leverage}×, capped so margin and fee fit the equity and the leverage fits
     * the tier. Exits at the stop (checked first within a bar), at a target {@code targetR} × the stop distance above
     * entry, or at the close after {@code maxBars} bars. A trade is not taken unless its liquidation price lies at least
     * {@code liquidationBufferAtr} ATRs below the stop (a stop at or past the liquidation price is no stop, and one just
     * above it is walked past by funding).
     *
     * @param riskPct     percent of equity risked per trade (2 = 2 %), over 0 up to 100
     * @param atrMultiple stop distance in ATRs, over 0
     * @param atrPeriod   Wilder ATR period in bars, 1 or more
     * @param leverage    isolated leverage, 1 to 125
     * @param targetR     take-profit distance in multiples of the stop distance, over 0
     * @param maxBars     bars after which an open trade is closed at the close, 1 or more
     * @param liquidationBufferAtr least distance, in ATRs, between the stop and the liquidation price below it, 0 or more
     */
    record RiskPerTrade(double riskPct, double atrMultiple, int atrPeriod, double leverage, double targetR, int maxBars,
                        double liquidationBufferAtr) implements Policy {
        public RiskPerTrade {
            Checks.finite("riskPct", riskPct);
            if (riskPct <= 0 || riskPct > 100) {
                throw new InvalidInputException("riskPct", Checks.fmt(riskPct) + " is outside the allowed range over 0 to 100 (percent)");
            }
            Checks.positive("atrMultiple", atrMultiple);
            Checks.inRange("atrPeriod", atrPeriod, 1, 10_000);
            Checks.inRange("leverage", leverage, 1, 125);
            Checks.positive("targetR", targetR);
            Checks.inRange("maxBars", maxBars, 1, 1_000_000);
            Checks.notNegative("liquidationBufferAtr", liquidationBufferAtr);
        }

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
