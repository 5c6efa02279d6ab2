package io.perpguard.venue;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * How a venue values one collateral asset in a shared (multi-asset) margin pool: the USD value of an asset's equity
 * (wallet + the PnL of the positions settled in it) at an index price, and the rate at which what the asset owes
 * (negative equity, and the maintenance margin of the positions settled in it) counts in USD.
 * <pre>
 *   value(x) = index × Σ_k ratio_k × (part of x in tier k)      x ≥ 0   (tiers by amount of the asset, ascending)
 *   value(x) = index × liabilityRatio × x                       x &lt; 0
 * </pre>
 * Piecewise linear in the equity, so the pool's liquidation price is solved piece by piece in closed form.
 * The venue's rule is one of the factories below; nothing else knows which venue a rule is.
 *
 * @param upTo           upper bound of each tier, amount of the asset (ascending; the last +∞)
 * @param ratio          the share of the value counted in each tier (1 − haircut), in (0, 1]
 * @param liabilityRatio what a unit owed counts for, in index units (≥ 1)
 * @param haircutPnl     whether the haircut applies to the asset's equity (wallet + PnL of the positions settled in it:
 *                       Binance, OKX) or to its wallet alone, the PnL counting at the index (Bybit: margin balance = wallet
 *                       balance + perp UPL)
 */
public record CollateralRule(double[] upTo, double[] ratio, double liabilityRatio, boolean haircutPnl) {
    /** Full value both ways: a pool of one asset at par is the single wallet it always was. */
    public static final CollateralRule PAR = new CollateralRule(new double[]{Double.POSITIVE_INFINITY}, new double[]{1}, 1, true);

    public CollateralRule {
        upTo = upTo.clone();
        ratio = ratio.clone();
        if (upTo.length == 0 || upTo.length != ratio.length || upTo[upTo.length - 1] != Double.POSITIVE_INFINITY) {
            throw new InvalidInputException("collateral.tiers", "the tiers must be non-empty, one ratio each, the last open-ended");
        }
        for (int k = 0; k < ratio.length; k++) {
            Checks.inRange("collateral.ratio", ratio[k], 0, 1);
            if (k > 0 && !(upTo[k] > upTo[k - 1]) || !(upTo[k] > 0)) {
                throw new InvalidInputException("collateral.tiers", "tier bounds must be positive and increasing");
            }
        }
        Checks.inRange("collateral.liabilityRatio", liabilityRatio, 1, 10);
    }

    // Binance FAQ "How to Calculate Margin in Multi-Assets Mode" (c983a926…, 2022-07-06): accountEquity = Σ min(assetEquity × bidRate, assetEquity × askRate), account MM at askRate; GET /fapi/v1/assetIndex: bidRate = index × (1 − bidBuffer), askRate = index × (1 + askBuffer)
    /** Binance USDⓈ-M Multi-Assets mode: an asset's equity at its bid rate when positive, at its ask rate when owed. */
    public static CollateralRule binanceMultiAssets(double bidBuffer, double askBuffer) {
        Checks.inRange("bidBuffer", bidBuffer, 0, 1);
        Checks.inRange("askBuffer", askBuffer, 0, 9);
        return new CollateralRule(new double[]{Double.POSITIVE_INFINITY}, new double[]{1 - bidBuffer}, 1 + askBuffer, true);
    }

    // Bybit help "Understanding Collateral Value Ratios in Unified Trading Account" (2025-09-18): margin balance = Σ asset × USD index × collateral value ratio (tiered by quantity, GET /v5/spot-margin-trade/collateral) + perp & futures UPL; a negative balance at 100 %
    /** Bybit unified account: the wallet at tiered collateral value ratios by quantity of the coin, the PnL and what is owed at the index. */
    public static CollateralRule bybitTiers(double[] maxQty, double[] collateralRatio) {
        return new CollateralRule(maxQty, collateralRatio, 1, false);
    }

    // OKX help "Multi-currency margin mode: cross margin trading" (okx.com/help-center/360054690531, updated 2024-04-17): adjusted equity = Σ currency equity (balance + PnL) × USD price × discount rate, tiered by amount (GET /api/v5/public/discount-rate-interest-free-quota), a liability in full; mgnRatio = adjEq / (MMR + fees), liquidation at ≤ 100 %
    /** OKX multi-currency margin: each currency's equity (wallet + PnL) at its tiered discount rates by amount, what is owed in full. */
    public static CollateralRule okxDiscountTiers(double[] maxAmt, double[] discountRate) {
        return new CollateralRule(maxAmt, discountRate, 1, true);
    }

    /** Number of pieces of the value function: the tiers plus the owed side. */
    public int pieces() {
        return upTo.length + 1;
    }

    /** Lower bound of piece {@code j} in equity (piece 0: owed, −∞..0; piece k+1: tier k). */
    public double pieceFrom(int j) {
        return j == 0 ? Double.NEGATIVE_INFINITY : j == 1 ? 0 : upTo[j - 2];
    }

    /** Upper bound of piece {@code j} in equity. */
    public double pieceTo(int j) {
        return j == 0 ? 0 : upTo[j - 1];
    }

    /** The slope of piece {@code j}, in index units per unit of the asset. */
    public double slope(int j) {
        return j == 0 ? liabilityRatio : ratio[j - 1];
    }

    /** The value of piece {@code j} at equity 0 (its line extended), in index units: value(x) = offset + slope × x on the piece. */
    public double offset(int j) {
        if (j <= 1) {
            return 0;
        }
        double v = 0, from = 0;
        for (int k = 0; k < j - 1; k++) {
            v += (upTo[k] - from) * ratio[k];
            from = upTo[k];
        }
        return v - ratio[j - 1] * from;
    }

    /** The piece holding equity {@code x}. */
    public int piece(double x) {
        if (x < 0) {
            return 0;
        }
        int k = 0;
        while (x > upTo[k]) {
            k++;
        }
        return k + 1;
    }

    /** USD value of an equity of {@code x} units at {@code index} USD per unit. */
    public double value(double x, double index) {
        if (x < 0) {
            return x * index * liabilityRatio;
        }
        if (upTo.length == 1) {
            return x * index * ratio[0];
        }
        double v = 0, from = 0;
        for (int k = 0; k < upTo.length && x > from; k++) {
            v += (Math.min(x, upTo[k]) - from) * ratio[k];
            from = upTo[k];
        }
        return v * index;
    }

    /**
     * USD value of an asset with {@code wallet} units and {@code pnl} of PnL settled in it: the haircut on both
     * ({@link #haircutPnl}) or on the wallet alone, the PnL at the index.
     */
    public double value(double wallet, double pnl, double index) {
        return haircutPnl ? value(wallet + pnl, index) : value(wallet, index) + pnl * index;
    }

    /** USD counted for {@code owed} units owed (a maintenance margin): at the liability rate. */
    public double owed(double owed, double index) {
        return owed * index * liabilityRatio;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollateralRule r && java.util.Arrays.equals(upTo, r.upTo) && java.util.Arrays.equals(ratio, r.ratio)
                && liabilityRatio == r.liabilityRatio && haircutPnl == r.haircutPnl;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ratio) * 31 + Double.hashCode(liabilityRatio);
    }

    @Override
    public String toString() {
        return "CollateralRule" + java.util.Arrays.toString(ratio) + " owed×" + liabilityRatio;
    }
}
