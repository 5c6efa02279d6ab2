package io.perpguard.sizing;

import io.perpguard.margin.Side;

import java.util.List;

/**
 * The size the risk budget allows and what the margin engine says about it. Quantities are rounded down to the
 * contract's step (a size never grows past the budget); the liquidation price is rounded to the tick toward the
 * entry (reached no later than the exact one). Non-finite values mean "does not apply": {@code liquidationPrice}
 * NaN when no price liquidates the position, {@code stopToLiquidationBuffer} +∞ then, {@code maxSafeLeverage} NaN
 * when no leverage keeps the buffer or there is nothing to size.
 *
 * @param symbol                  contract
 * @param side                    long when the stop is below the entry, short when above
 * @param equity                  account equity, USDT
 * @param riskAmount              the risk budget, USDT
 * @param entry                   entry price
 * @param stop                    stop trigger price
 * @param exitPriceAtStop         where the stop-market exit fills after slippage
 * @param leverage                isolated leverage
 * @param takerFee                taker fee fraction used (entry and stop exit)
 * @param slippage                slippage fraction of the stop price used
 * @param qtyBeforeCosts          risk budget / |entry − stop|, rounded down to the step: the naive size; when the size is
 *                                capped to the largest tier, the capped size (the cap binds before costs too)
 * @param qtyUnrounded            risk budget / loss per unit at the stop (price, slippage, fees), before the step; when
 *                                capped, the largest size the tiers allow at the leverage before the step
 * @param qty                     the size: {@code qtyUnrounded} rounded down to the step, base units
 * @param budgetQty               the size the budget buys before the tier cap: {@code qty} unless capped, then the
 *                                larger size no tier holds (not usable; said so, never priced)
 * @param notional                qty × entry, USDT
 * @param margin                  initial (isolated) margin = notional / leverage, USDT
 * @param openingFee              taker fee on entry, USDT
 * @param feesAtStop              taker fees both ways (entry and stop exit), USDT
 * @param slippageAtStop          qty × |stop − exitPriceAtStop|, USDT
 * @param lossAtStop              total loss if the stop is hit: price move to the slipped exit + fees both ways, USDT
 * @param riskUsedPct             lossAtStop / equity × 100
 * @param liquidationPrice        isolated liquidation price from the margin engine, rounded toward entry
 * @param distanceToLiquidationPct  (liquidationPrice − entry) / entry × 100: negative for a long, as in every report
 * @param stopToLiquidation       price distance from the stop to the liquidation price (positive = stop first)
 * @param stopToLiquidationBuffer stopToLiquidation / |entry − stop|: the buffer as a multiple of the stop distance
 * @param requiredBuffer          K, the buffer the check demands
 * @param maxLeverageForNotional  the tier maximum for this notional (NaN above the last tier)
 * @param maxSafeLeverage         the highest whole leverage (within the tier maximum) that keeps the buffer
 * @param leverageSearchEvaluations liquidation-price evaluations the search for {@code maxSafeLeverage} needed
 * @param availableBalance        balance available for margin and opening fee
 * @param checks                  every check, passed or not
 * @param ok                      true when every check passed: the size can be traded as is
 */
public record SizingResult(String symbol, Side side, double equity, double riskAmount, double entry, double stop,
                           double exitPriceAtStop, double leverage, double takerFee, double slippage,
                           double qtyBeforeCosts, double qtyUnrounded, double qty, double budgetQty, double notional, double margin,
                           double openingFee, double feesAtStop, double slippageAtStop, double lossAtStop,
                           double riskUsedPct, double liquidationPrice, double distanceToLiquidationPct,
                           double stopToLiquidation, double stopToLiquidationBuffer, double requiredBuffer,
                           double maxLeverageForNotional, double maxSafeLeverage, int leverageSearchEvaluations,
                           double availableBalance, List<SizingCheck> checks, boolean ok) {
    public SizingResult {
        checks = List.copyOf(checks);
    }

    /** The failed checks: why the size should not be traded as is (empty when {@link #ok}). */
    public List<SizingCheck> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The check with this id. */
    public SizingCheck check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + id));
    }
}
