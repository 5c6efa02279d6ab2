package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * A trailing stop: at each bar close the stop moves to {@code extreme − side × atrMult × ATR} if that is tighter
 * (the "chandelier" exit, Le Beau), where extreme is the best price since the first fill. It never loosens.
 *
 * @param atrMult     distance in ATRs (&gt; 0)
 * @param atrPeriod   ATR period
 * @param afterTarget start trailing after this take-profit (1-based) has filled; 0 = from the first fill
 */
public record Trailing(double atrMult, int atrPeriod, int afterTarget) {
    public Trailing {
        Checks.inRange("trailing.atrMult", atrMult, 0.01, 100);
        if (atrPeriod < 1 || atrPeriod > 10_000) {
            throw new InvalidInputException("trailing.atrPeriod", atrPeriod + " is outside 1 to 10,000");
        }
        if (afterTarget < 0) {
            throw new InvalidInputException("trailing.afterTarget", afterTarget + " must be 0 or more");
        }
    }
}
