package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * The order book a forced sell walks, and how it withdraws and refills.
 * <pre>
 * cumulative depth within x % of the anchor:  D(x) = m · D₁ · (x / 1 %)^β            static book walk, CASCADE.md §3.1
 *                                             (β = 2: a V-shaped latent book, impact ∝ √C — Tóth et al. 2011, PRX 1, 021006)
 * price after consuming C of the bids:        P = anchor · exp(−1 % · (C / (m·D₁))^(1/β))
 * withdrawal target:                          m* = max(mMin, 1 / (1 + (s / sRef)² + (f / fRef)²)),   s = |60-s return| in %,
 *                                             f = liquidation flow of the last 60 s / D₁ (0 when fRef = 0: off)
 * refill of consumed depth per second:        ρ · m^λ · x                   (x = dislocation in %; λ = 0: withdrawn or not)
 * index feedback per step:                    Δln index = −φ/100 · (net forced flow) / (m^κ · D₁ · L)   (the book moves with it)
 * latent liquidity under the index:          L = 1 + y / Y against flow pushing the index further from its exogenous
 *                                             path (y = that displacement, %), L = 1 otherwise or with Y = 0 (off)
 * with a common factor C (markets coupled, {@link EventCascade}):
 *   own part    Δln index_m = −(1 − σ)·φ/100 · F_m / (m_m^κ · D₁,m)
 *   common part ΔC = −σ/100 · Σ_k φ_k·F_k / Σ_k (m_k^κ · D₁,k),   Δln index_m += β_m · ΔC   (φ_k each market's own φ)
 * </pre>
 * m moves toward m* with time constant {@code withdrawSeconds} when falling and {@code returnSeconds} when rising
 * (crisis multiplier, CASCADE.md §3.2: median 3.4×, p90 17×, extremes 50–561×). Consumed depth C refills
 * at {@code ρ·x} USD per second while the price is x % from the anchor (liquidity providers and cross-venue arbitrage
 * refill the gap faster the wider it is): the transient part of impact (Donier–Bonart). The anchor
 * follows the last price with time constant {@code anchorSeconds}: the permanent part; and returns toward the
 * fundamental price (the exogenous path) with time constant {@code valueSeconds}. Depth is measured as
 * base-asset quantity valued at the anchor price (USD at anchor), so one unit sold consumes {@code anchor} of it.
 *
 * @param bidDepth1PctUsd   D₁ of the bids: depth within 1 % below mid in calm conditions, USD
 * @param askDepth1PctUsd   D₁ of the asks, USD
 * @param beta              depth exponent β, 0.3–2.5 (BTCUSDT ≈ 0.78, CASCADE.md §3.2; 2 = a V-shaped book, square-root impact)
 * @param minMultiplier     floor of the withdrawal multiplier m, (0, 1]; 1 = static book
 * @param stressRefPct      60-s move (percent) at which depth halves
 * @param withdrawSeconds   time constant of withdrawal (seconds, &gt; 0)
 * @param returnSeconds     time constant of depth coming back (seconds, &gt; 0)
 * @param refillUsdPerSecPerPct ρ: refill of consumed depth, USD per second per percent of dislocation; 0 = never
 * @param anchorSeconds     time constant of the anchor following the last price; 0 = never
 * @param valueSeconds      time constant of the anchor returning to the fundamental price (cross-venue arbitrage and
 *                          value buyers: the index is not one venue's book); 0 = never
 * @param indexImpactShare  φ, 0–1: permanent impact of forced flow on the fundamental (index) price, in percent per calm
 *                          1 % depth D₁ of net liquidation flow (linear, Kyle-style). The same crowded positions are
 *                          liquidated on every venue the index averages, so forced selling is not only a local dislocation
 *                          that arbitrage undoes; 0 = purely transient (no feedback)
 * @param indexWithdrawalExponent κ, 0–1: the index impact is taken against the withdrawn depth m^κ·D₁ (κ = 0: calm
 *                          depth; κ = 1: the depth left in the crash). Liquidity providers pull quotes on every venue
 *                          at once when realised volatility jumps, so the same forced flow moves the index further in
 *                          a fast fall than in a slow one
 * @param indexBeta         β_m of this market's index to the common factor C (1 for the reference market)
 * @param commonShare       σ, 0–1: the share of forced flow absorbed by every coupled market's depth together (it moves
 *                          the common factor, which reaches each market through its β); the rest moves only this
 *                          market's index. Used only when a scenario couples two or more markets
 * @param flowWithdrawalRef fRef ≥ 0: liquidation flow over the last 60 s, in units of calm D₁, at which depth halves (market
 *                          makers pull quotes against one-sided forced flow they cannot hedge into: adverse selection,
 *                          Glosten–Milgrom; the liquidation feed is public); 0 = depth reacts to price moves only
 * @param refillWithdrawalExponent λ, 0–1: consumed depth refills at ρ·m^λ·x: the liquidity providers who withdrew (m) are
 *                          the ones who would refill; 0 = refill independent of withdrawal
 * @param latentLiquidityPct Y ≥ 0: the index's endogenous displacement (%) at which the depth absorbing flow that pushes
 *                          it further has doubled ({@link #latentDepth}; square-root impact beyond Y); 0 = off (linear)
 */
public record DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier,
                         double stressRefPct, double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct,
                         double anchorSeconds, double valueSeconds, double indexImpactShare, double indexWithdrawalExponent,
                         double indexBeta, double commonShare, double flowWithdrawalRef, double refillWithdrawalExponent,
                         double latentLiquidityPct) {
    public DepthModel {
        Checks.positive("depth.bidDepth1PctUsd", bidDepth1PctUsd);
        Checks.positive("depth.askDepth1PctUsd", askDepth1PctUsd);
        Checks.inRange("depth.beta", beta, 0.3, 2.5);
        Checks.inRange("depth.minMultiplier", minMultiplier, 1e-4, 1);
        Checks.positive("depth.stressRefPct", stressRefPct);
        Checks.positive("depth.withdrawSeconds", withdrawSeconds);
        Checks.positive("depth.returnSeconds", returnSeconds);
        Checks.notNegative("depth.refillUsdPerSecPerPct", refillUsdPerSecPerPct);
        Checks.notNegative("depth.anchorSeconds", anchorSeconds);
        Checks.notNegative("depth.valueSeconds", valueSeconds);
        Checks.inRange("depth.indexImpactShare", indexImpactShare, 0, 1);
        Checks.inRange("depth.indexWithdrawalExponent", indexWithdrawalExponent, 0, 1);
        Checks.inRange("depth.indexBeta", indexBeta, 0, 10);
        Checks.inRange("depth.commonShare", commonShare, 0, 1);
        Checks.notNegative("depth.flowWithdrawalRef", flowWithdrawalRef);
        Checks.inRange("depth.refillWithdrawalExponent", refillWithdrawalExponent, 0, 1);
        Checks.notNegative("depth.latentLiquidityPct", latentLiquidityPct);
    }

    /** A book without latent liquidity under the index (Y = 0: linear index impact). */
    public DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier, double stressRefPct,
                      double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct, double anchorSeconds,
                      double valueSeconds, double indexImpactShare, double indexWithdrawalExponent, double indexBeta,
                      double commonShare, double flowWithdrawalRef, double refillWithdrawalExponent) {
        this(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds, returnSeconds,
                refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent, indexBeta, commonShare,
                flowWithdrawalRef, refillWithdrawalExponent, 0);
    }

    /**
     * Latent liquidity under the index: the multiplier of the depth m^κ·D₁ that absorbs index flow {@code flow} (USD, sells
     * positive) when the index's endogenous displacement from its exogenous path is {@code displacementPct} (%, negative
     * below it): 1 + |y| / Y when the flow pushes it further away, 1 when it pushes it back or Y = 0. A latent book whose
     * density grows linearly with the distance moved gives square-root impact beyond Y (Donier, Bonart, Mastromatteo &amp;
     * Bouchaud 2015; Donier &amp; Bonart 2015 on Bitcoin; docs/cascade-rounds.md, latent liquidity).
     */
    public static double latentDepth(double displacementPct, double flow, double latentLiquidityPct) {
        return latentLiquidityPct > 0 && displacementPct * flow < 0 ? 1 + Math.abs(displacementPct) / latentLiquidityPct : 1;
    }

    /** The same book with latent liquidity scale {@code y} under the index (0 = off). */
    public DepthModel withLatentLiquidity(double y) {
        return new DepthModel(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds,
                returnSeconds, refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent, indexBeta,
                commonShare, flowWithdrawalRef, refillWithdrawalExponent, y);
    }

    /** A book whose depth reacts to price moves only and refills regardless of withdrawal (fRef = 0, λ = 0). */
    public DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier, double stressRefPct,
                      double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct, double anchorSeconds,
                      double valueSeconds, double indexImpactShare, double indexWithdrawalExponent, double indexBeta,
                      double commonShare) {
        this(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds, returnSeconds,
                refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent, indexBeta, commonShare, 0, 0);
    }

    /** A book not coupled to other markets (β = 1, σ = 0). */
    public DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier, double stressRefPct,
                      double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct, double anchorSeconds,
                      double valueSeconds, double indexImpactShare, double indexWithdrawalExponent) {
        this(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds, returnSeconds,
                refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent, 1, 0);
    }

    /** A book whose index impact is against calm depth (κ = 0). */
    public DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier, double stressRefPct,
                      double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct, double anchorSeconds,
                      double valueSeconds, double indexImpactShare) {
        this(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds, returnSeconds,
                refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, 0);
    }

    /** A book whose liquidation impact never moves the index (φ = 0). */
    public DepthModel(double bidDepth1PctUsd, double askDepth1PctUsd, double beta, double minMultiplier, double stressRefPct,
                      double withdrawSeconds, double returnSeconds, double refillUsdPerSecPerPct, double anchorSeconds,
                      double valueSeconds) {
        this(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds, returnSeconds,
                refillUsdPerSecPerPct, anchorSeconds, valueSeconds, 0, 0);
    }

    /** The same book with index feedback share {@code phi}. */
    public DepthModel withIndexImpactShare(double phi) {
        return new DepthModel(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds,
                returnSeconds, refillUsdPerSecPerPct, anchorSeconds, valueSeconds, phi, indexWithdrawalExponent, indexBeta, commonShare,
                flowWithdrawalRef, refillWithdrawalExponent, latentLiquidityPct);
    }

    /** The same book coupled to the common factor with beta {@code indexBeta} and common share {@code share}. */
    public DepthModel withCoupling(double indexBeta, double share) {
        return new DepthModel(bidDepth1PctUsd, askDepth1PctUsd, beta, minMultiplier, stressRefPct, withdrawSeconds,
                returnSeconds, refillUsdPerSecPerPct, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent,
                indexBeta, share, flowWithdrawalRef, refillWithdrawalExponent, latentLiquidityPct);
    }

    /** A static book: no withdrawal, no refill, fixed anchor (the setting of invariant I6). */
    public static DepthModel staticBook(double depth1PctUsd, double beta) {
        return new DepthModel(depth1PctUsd, depth1PctUsd, beta, 1, 1, 1, 1, 0, 0, 0);
    }

    /** The same liquidity scaled by {@code f}: both sides' D₁ and the refill rate ρ. */
    public DepthModel scaled(double f) {
        return new DepthModel(bidDepth1PctUsd * f, askDepth1PctUsd * f, beta, minMultiplier, stressRefPct, withdrawSeconds,
                returnSeconds, refillUsdPerSecPerPct * f, anchorSeconds, valueSeconds, indexImpactShare, indexWithdrawalExponent,
                indexBeta, commonShare, flowWithdrawalRef, refillWithdrawalExponent, latentLiquidityPct);
    }

    /**
     * Calculates the cumulative depth within {@code xPct} percent of the anchor at multiplier {@code m}:
     * {@code m · D₁ · (x/1 %)^β} (static book walk, CASCADE.md §3.1).
     */
    public double cumulativeBidDepth(double xPct, double m) {
        return xPct <= 0 ? 0 : m * bidDepth1PctUsd * Math.pow(xPct, beta);
    }

    /** Inverse of {@link #cumulativeBidDepth}: the walk in percent that consuming {@code usd} of bids causes. */
    public double bidWalkPct(double usd, double m) {
        return usd <= 0 ? 0 : Math.pow(usd / (m * bidDepth1PctUsd), 1 / beta);
    }
}
