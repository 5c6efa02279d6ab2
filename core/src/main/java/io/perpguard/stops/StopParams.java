package io.perpguard.stops;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * Settings of the {@link StopPlanner}.
 *
 * @param atrPeriod        ATR period (Wilder: 14)
 * @param multiple         volatility stop distance in ATRs (2)
 * @param pivotBars        bars either side of a swing pivot (5)
 * @param lookback         bars before the chosen candle used for pivots, zones and the volume profile (500)
 * @param zoneToleranceAtr widest support/resistance zone, in ATRs (0.5)
 * @param bufferAtr        distance placed beyond a structure or volume level, in ATRs (0.25)
 * @param bins             price bins of the volume profile (50)
 * @param timeBars         bars after which the time stop exits if +1R was not reached (24)
 */
public record StopParams(int atrPeriod, double multiple, int pivotBars, int lookback, double zoneToleranceAtr,
                         double bufferAtr, int bins, int timeBars) {
    public static final StopParams DEFAULTS = new StopParams(Atr.DEFAULT_PERIOD, VolatilityStop.DEFAULT_MULTIPLE, 5, 500,
            0.5, 0.25, VolumeProfile.DEFAULT_BINS, TimeStop.DEFAULT_BARS);

    public StopParams {
        Wilder.requirePeriod(atrPeriod);
        Checks.inRange("mult", multiple, 0.01, 100);
        if (pivotBars < 1 || pivotBars > 1000) {
            throw new InvalidInputException("pivot", pivotBars + " is outside the allowed range 1 to 1,000");
        }
        if (lookback < 3 || lookback > 1_000_000) {
            throw new InvalidInputException("lookback", lookback + " is outside the allowed range 3 to 1,000,000");
        }
        Checks.inRange("zoneToleranceAtr", zoneToleranceAtr, 0, 10);
        Checks.inRange("bufferAtr", bufferAtr, 0, 10);
        new TimeStop(timeBars);
    }
}
