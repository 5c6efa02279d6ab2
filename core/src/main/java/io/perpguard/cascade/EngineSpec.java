package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * The venue's liquidation engine.
 *
 * @param throughputUsdPerSec  most liquidation notional the engine sends to the book per second; 0 = unlimited
 * @param limitAtBankruptcy    BitMEX style: liquidation orders are limits at the bankruptcy price, so the book never
 *                             fills them worse (the rest waits in the queue); false = IOC orders, priced by
 *                             {@code iocAtBankruptcy}
 * @param insuranceFundUsd     insurance fund (or backstop vault) balance at the start
 * @param adl                  auto-deleveraging when the fund cannot cover a fill below bankruptcy
 * @param markLagSeconds       time constant of the basis average in the mark-price rule
 *                             mark = median(index, last, index·(1 + EMA basis)); 0 = mark is the last price
 * @param iocAtBankruptcy      Binance style (with {@code limitAtBankruptcy} false): liquidation orders are IOC limits at
 *                             the bankruptcy price; the part the book cannot fill there is taken over by the insurance
 *                             fund (net position up to its balance), then ADL'd, never sold below bankruptcy.
 *                             false = IOC market orders that walk the book at any price, the fund paying the shortfall
 *                             below bankruptcy (Bybit's takeover; the bundled events before the bankruptcy-limit round)
 */
public record EngineSpec(double throughputUsdPerSec, boolean limitAtBankruptcy, double insuranceFundUsd, boolean adl,
                         double markLagSeconds, boolean iocAtBankruptcy) {
    public EngineSpec {
        Checks.notNegative("engine.throughputUsdPerSec", throughputUsdPerSec);
        Checks.notNegative("engine.insuranceFundUsd", insuranceFundUsd);
        Checks.notNegative("engine.markLagSeconds", markLagSeconds);
        if (limitAtBankruptcy && iocAtBankruptcy) {
            throw new InvalidInputException("engine.iocAtBankruptcy", "true excludes limitAtBankruptcy true (BitMEX's "
                    + "resting limits or Binance's IOC limits with the rest to the fund): set at most one");
        }
    }

    /** Liquidation orders that walk the book at any price ({@code iocAtBankruptcy} false). */
    public EngineSpec(double throughputUsdPerSec, boolean limitAtBankruptcy, double insuranceFundUsd, boolean adl,
                      double markLagSeconds) {
        this(throughputUsdPerSec, limitAtBankruptcy, insuranceFundUsd, adl, markLagSeconds, false);
    }

    /** The same engine with the mark lag {@code seconds}. */
    public EngineSpec withMarkLag(double seconds) {
        return new EngineSpec(throughputUsdPerSec, limitAtBankruptcy, insuranceFundUsd, adl, seconds, iocAtBankruptcy);
    }

    /** Unlimited throughput, market orders, an effectively unlimited fund, mark = last (the setting of I6). */
    public static EngineSpec frictionless() {
        return new EngineSpec(0, false, 1e15, false, 0);
    }
}
