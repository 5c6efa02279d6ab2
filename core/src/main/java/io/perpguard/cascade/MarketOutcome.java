package io.perpguard.cascade;

/**
 * What one market did in a run. USD figures are notional at the fill price unless stated; open interest is
 * contracts valued at the pre-event price (so a falling price alone does not shrink it).
 *
 * @param symbol               market
 * @param drawdownPct          largest peak-to-trough fall of the last price, percent
 * @param peakMinute           minute of that peak
 * @param troughMinute         minute of that trough
 * @param longLiquidatedUsd    long liquidation notional (book fills at fill price, ADL at bankruptcy price)
 * @param shortLiquidatedUsd   short liquidation notional
 * @param oiBeforeUsd          open interest before
 * @param oiAfterUsd           open interest after: the average of the long and short contracts left (each side started
 *                             at OI) = before − (liquidated + ADL'd + voluntary closes − new opens) / 2 (I2)
 * @param voluntaryClosedUsd   voluntary closes, long + short, valued at the pre-event price
 * @param newOpenedUsd         new opens, long + short, valued at the pre-event price
 * @param adlUsd               notional auto-deleveraged (closed at bankruptcy against the opposite side)
 * @param badDebtUsd           losses neither the fund nor ADL covered
 * @param insuranceFundChangeUsd fund balance after − before
 * @param marginLossUsd        margin lost by liquidated traders: Σ |entry − bankruptcy| × qty filled
 * @param counterpartyGainUsd  Σ (entry − fill) × qty for longs, (fill − entry) × qty for shorts
 * @param pendingUsd           liquidations still queued at the end (at the last mark)
 * @param depthAtTroughRatio   depth multiplier m at the trough (effective 1 % depth / baseline)
 * @param minDepthRatio        lowest m in the run
 * @param maxPathR             largest local criticality R(x) = Λ'(x) / D'_eff(x) over the drawdown path
 * @param exogenousDrawdownPct drawdown of the same run with no positions and no voluntary flow (exogenous only)
 * @param remainingLongUsd     long contracts left, valued at the pre-event price
 * @param remainingShortUsd    short contracts left, valued at the pre-event price
 * @param liquidatedContractsUsd contracts liquidated (book and ADL), valued at the pre-event price
 * @param adlContractsUsd      opposite-side contracts closed by ADL, valued at the pre-event price
 * @param wrongWayUsd          liquidation flow against its side (long liquidations buying, short ones selling): 0 (I3)
 * @param minuteLow            lowest last price of each minute
 * @param minuteHigh           highest last price of each minute
 * @param minuteClose          last price at the end of each minute
 * @param longLiquidatedPerMinute  long liquidation notional per minute
 * @param shortLiquidatedPerMinute short liquidation notional per minute
 * @param indexFeedbackPct     how far liquidation fills moved the fundamental (index) price through the index-feedback
 *                             share φ, percent (negative = down); 0 when φ = 0
 * @param commonFactorPct      the part of {@code indexFeedbackPct} that came through the common factor (every coupled
 *                             market's forced flow, × this market's β), percent; 0 for an uncoupled market
 * @param panicSellUsd         panic selling by holders off the ladder (FlowModel), USD; 0 when off
 * @param panicIndexPct        how far that selling moved this market's own index, percent (negative = down); coupled,
 *                             its common share is in {@code commonFactorPct}
 * @param stopLossUsd          positions closed by their stop-loss orders (FlowModel), USD at the fill: market sells on the
 *                             book that move the index like forced flow, counted as closes, not liquidations
 * @param fundTakenOverUsd     bankrupt positions the insurance fund took over at their bankruptcy price, USD (engines with
 *                             IOC limits at bankruptcy, EngineSpec.iocAtBankruptcy; counted in the liquidations); 0 otherwise
 */
public record MarketOutcome(String symbol, double drawdownPct, double peakMinute, double troughMinute,
                            double longLiquidatedUsd, double shortLiquidatedUsd, double oiBeforeUsd, double oiAfterUsd,
                            double voluntaryClosedUsd, double newOpenedUsd, double adlUsd, double badDebtUsd,
                            double insuranceFundChangeUsd, double marginLossUsd, double counterpartyGainUsd,
                            double pendingUsd, double depthAtTroughRatio, double minDepthRatio, double maxPathR,
                            double exogenousDrawdownPct, double remainingLongUsd, double remainingShortUsd,
                            double liquidatedContractsUsd, double adlContractsUsd, double wrongWayUsd,
                            double[] minuteLow, double[] minuteHigh, double[] minuteClose,
                            double[] longLiquidatedPerMinute, double[] shortLiquidatedPerMinute, double indexFeedbackPct,
                            double commonFactorPct, double panicSellUsd, double panicIndexPct,
                            double stopLossUsd, double fundTakenOverUsd) {

    /** The same outcome with other liquidation figures (what a reporting filter leaves of them); the rest unchanged. */
    public MarketOutcome withLiquidations(double longUsd, double shortUsd, double[] longPerMinute, double[] shortPerMinute) {
        return new MarketOutcome(symbol, drawdownPct, peakMinute, troughMinute, longUsd, shortUsd, oiBeforeUsd, oiAfterUsd,
                voluntaryClosedUsd, newOpenedUsd, adlUsd, badDebtUsd, insuranceFundChangeUsd, marginLossUsd, counterpartyGainUsd,
                pendingUsd, depthAtTroughRatio, minDepthRatio, maxPathR, exogenousDrawdownPct, remainingLongUsd, remainingShortUsd,
                liquidatedContractsUsd, adlContractsUsd, wrongWayUsd, minuteLow, minuteHigh, minuteClose, longPerMinute,
                shortPerMinute, indexFeedbackPct, commonFactorPct, panicSellUsd, panicIndexPct, stopLossUsd, fundTakenOverUsd);
    }

    /** Minutes from the peak to the trough of the largest drawdown. */
    public double timeToTroughMinutes() {
        return troughMinute - peakMinute;
    }

    /** x* / x₀: drawdown with the ladder over drawdown of the exogenous shock alone (NaN when the latter is 0). */
    public double amplification() {
        return exogenousDrawdownPct > 0 ? drawdownPct / exogenousDrawdownPct : Double.NaN;
    }

    public double liquidatedUsd() {
        return longLiquidatedUsd + shortLiquidatedUsd;
    }

    /** Largest peak-to-trough fall (percent) between minute {@code from} (inclusive) and {@code to} (exclusive). */
    public double drawdownPctBetween(int from, int to) {
        double peak = 0, worst = 0;
        for (int i = Math.max(0, from); i < Math.min(to, minuteLow.length); i++) {
            peak = Math.max(peak, minuteHigh[i]);
            if (peak > 0) {
                worst = Math.max(worst, 1 - minuteLow[i] / peak);
            }
        }
        return 100 * worst;
    }
}
