package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * The venue's liquidation engine.
 *
 * @param throughputUsdPerSec  most liquidation notional the engine sends to the book per second; 0 = unlimited
 * @param limitAtBankruptcy    BitMEX style: liquidation orders are limits at the bankruptcy price, so the book never
 *                             fills them worse (the rest waits in the queue); false = IOC market orders
 *                             (Binance/Hyperliquid style, losses below bankruptcy drain the insurance fund)
 * @param insuranceFundUsd     insurance fund (or backstop vault) balance at the start
 * @param adl                  auto-deleveraging when the fund cannot cover a fill below bankruptcy
 * @param markLagSeconds       time constant of the basis average in the mark-price rule
 *                             mark = median(index, last, index·(1 + EMA basis)); 0 = mark is the last price
 */
public record EngineSpec(double throughputUsdPerSec, boolean limitAtBankruptcy, double insuranceFundUsd, boolean adl,
                         double markLagSeconds) {
    public EngineSpec {
        Checks.notNegative("engine.throughputUsdPerSec", throughputUsdPerSec);
        Checks.notNegative("engine.insuranceFundUsd", insuranceFundUsd);
        Checks.notNegative("engine.markLagSeconds", markLagSeconds);
    }

    /** Unlimited throughput, market orders, an effectively unlimited fund, mark = last (the setting of I6). */
    public static EngineSpec frictionless() {
        return new EngineSpec(0, false, 1e15, false, 0);
    }
}
