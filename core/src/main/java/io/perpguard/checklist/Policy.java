package io.perpguard.checklist;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.sizing.SizingInput;

/**
 * The trader's own limits that a plan is checked against. Percentages are percent (2 = 2 %); rates are fractions.
 *
 * @param maxRiskPct             largest loss at the stop, fees included, as % of equity (fail above)
 * @param minRewardRisk          R:R below this warns
 * @param failRewardRisk         R:R below this fails
 * @param maxLeverage            largest leverage allowed (fail above)
 * @param minStopBufferFraction  the liquidation price must lie at least this fraction of the entry→stop distance
 *                               beyond the stop (warn when closer, fail when liquidation comes first)
 * @param maxGrossExposure       gross notional of the account after the trade / equity (fail above)
 * @param maxNetDelta            |beta-weighted net notional| after the trade / equity (warn above)
 * @param maxFundingRate         |funding rate| per interval the paying side accepts (warn above)
 * @param maxOpenInterestChangePct |open interest change| in % over the trader's look-back (warn above)
 * @param trendFast              fast moving average length, bars
 * @param trendSlow              slow moving average length, bars
 * @param minAtrStopMultiple     a stop closer than this many ATRs sits inside ordinary noise (warn)
 * @param slippagePct            slippage of the stop-market exit, % of the stop price, in the risk-based size (as
 *                               {@code size --slippage-pct})
 * @param maxEntryDistancePct    an entry farther than this from the current mark, %, is warned: a limit that far from the
 *                               market is unusual, a mistyped digit (6,000 for 60,000) or another symbol's price likelier
 */
public record Policy(double maxRiskPct, double minRewardRisk, double failRewardRisk, double maxLeverage,
                     double minStopBufferFraction, double maxGrossExposure, double maxNetDelta, double maxFundingRate,
                     double maxOpenInterestChangePct, int trendFast, int trendSlow, double minAtrStopMultiple,
                     double slippagePct, double maxEntryDistancePct) {
    /** The defaults: 2 % risk, R:R 2 (fail below 1), 20× leverage, stop buffer ½ of the stop distance, 3× gross,
     *  2× net delta, 0.05 % funding per interval, 10 % open-interest change, MA 20/50, 1 ATR, 0.1 % slippage at the stop, entry within 10 % of the mark. */
    public static final Policy DEFAULT = new Policy(2, 2, 1, 20, 0.5, 3, 2, 0.0005, 10, 20, 50, 1, 100 * SizingInput.DEFAULT_SLIPPAGE,
            io.perpguard.market.EntryDistance.DEFAULT_MAX_PCT);

    public Policy {
        Checks.inRange("maxRiskPct", maxRiskPct, 0.01, 100);
        Checks.inRange("minRewardRisk", minRewardRisk, 0, 100);
        Checks.inRange("failRewardRisk", failRewardRisk, 0, 100);
        if (failRewardRisk > minRewardRisk) {
            throw new InvalidInputException("failRewardRisk", Checks.fmt(failRewardRisk) + " must not be above minRewardRisk "
                    + Checks.fmt(minRewardRisk));
        }
        Checks.inRange("maxLeverage", maxLeverage, 1, 1000);
        Checks.inRange("minStopBufferFraction", minStopBufferFraction, 0, 100);
        Checks.positive("maxGrossExposure", maxGrossExposure);
        Checks.positive("maxNetDelta", maxNetDelta);
        Checks.inRange("maxFundingRate", maxFundingRate, 0, 1);
        Checks.inRange("maxOpenInterestChangePct", maxOpenInterestChangePct, 0, 1000);
        if (trendFast < 2 || trendSlow <= trendFast || trendSlow > 1000) {
            throw new InvalidInputException("trendSlow", "moving averages " + trendFast + "/" + trendSlow
                    + " must satisfy 2 <= trendFast < trendSlow <= 1000");
        }
        Checks.inRange("minAtrStopMultiple", minAtrStopMultiple, 0, 100);
        Checks.inRange("slippagePct", slippagePct, 0, 50);
        Checks.inRange("maxEntryDistancePct", maxEntryDistancePct, 0.01, 1000);
    }

    /** This policy with another entry-distance threshold, % (the check command's {@code --max-entry-distance-pct}). */
    public Policy withMaxEntryDistancePct(double pct) {
        return new Policy(maxRiskPct, minRewardRisk, failRewardRisk, maxLeverage, minStopBufferFraction, maxGrossExposure, maxNetDelta,
                maxFundingRate, maxOpenInterestChangePct, trendFast, trendSlow, minAtrStopMultiple, slippagePct, pct);
    }
}
