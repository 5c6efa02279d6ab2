package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * Voluntary flow beside liquidations: de-risking closes and new opens, driven by stress.
 * <pre>
 * stress    = drawdown from the trailing 60-min high, in %, / stressRefPct
 * hazard    = (closeBasePerHour + closeStressPerHour · stress) / 3600     share of each side closed per second
 * new longs = newLongPerHour · OI₀ · stress / 3600 USD per second (dip buyers), new shorts alike (momentum);
 *             both take the ladder's long (speculative) leverage mix; the stress that drives new opens saturates
 *             at {@code newOpenStressCap} (traders' capital is finite), 0 = no cap
 * panic     = panicSellPerMinute · D₁ · e² / (1 + e²) / 60 USD per second,  e = max(0, v / panicSpeedRefPct − 1),
 *             v = the index's fall over the last 60 s in %: market sells by holders who are not on the ladder (spot,
 *             unlevered or low-leverage) and sell on the speed of the fall; they move the index like forced flow
 *             (φ against m^κ·D₁) and close no ladder position
 * pool      = panicPoolDepths · D₁: what those holders can sell in one event; the rate above is scaled by the share of
 *             the pool still unsold, 1 − sold / pool (each holder sells once); 0 = no limit
 * stops     = a share stopLossShare of every leveraged position (on the ladder and opened during the event) carries a
 *             resting stop-market order at stopLossDepth of the way from its entry to its liquidation price; when the mark
 *             reaches it the position closes as a market order on the book, moving the index like forced flow (stops sit
 *             at the same levels on every venue), but it is not a liquidation: no engine queue, no insurance fund, not in
 *             the exchanges' liquidation feeds (so market makers do not withdraw against it) nor in the liquidation totals
 * closes    = panicClosePerMinute · e² / (1 + e²) per minute (the same e as panic): the share of the positions within
 *             rescueZonePct of their liquidation price that their holders close by market order on the speed of the fall,
 *             before the mark reaches them; each close walks the book and moves the index like forced flow (the holders
 *             close on every venue at once), and is a close, not a liquidation (not in the engine's queue, the liquidation
 *             feeds or totals). A slow fall never reaches the threshold, so it closes nothing beyond the defence above
 * </pre>
 * The OI drop on 10 Oct 2025 was ≈3× the liquidations ($65B vs $19B, CASCADE.md §1.2c), so voluntary closing is
 * at least as large as forced; on 12 Mar 2020 liquidations exceeded the OI drop, so positions were re-opened.
 *
 * @param stressRefPct       drawdown (percent) that counts as stress 1
 * @param closeBasePerHour   share of open positions closed per hour in calm
 * @param closeStressPerHour extra share closed per hour per unit of stress
 * @param newLongPerHour     new longs per hour per unit of stress, as a share of pre-event OI
 * @param newShortPerHour    new shorts per hour per unit of stress, as a share of pre-event OI
 * @param newOpenStressCap   largest stress that drives new opens; 0 = no cap
 * @param rescueZonePct      positions whose liquidation price lies within this percent of the mark are defended:
 *                           closed (or topped up, which takes them off the ladder alike) at {@code rescuePerHour}
 * @param rescuePerHour      share of the endangered positions closed per hour; 0 = none. A slow fall gives traders
 *                           hours to defend, a flash crash minutes. Applied on a 10-s clock
 * @param panicSellPerMinute largest panic selling per minute, in calm 1 % depths D₁ of the market (the market's size in
 *                           its spot and perpetual books, not its open interest: these sellers hold no perpetual); 0 = none
 * @param panicSpeedRefPct   60-s index fall (%) below which no one panics; at twice it panic selling is half its largest
 * @param panicPoolDepths    the panic sellers' whole holding, in calm 1 % depths D₁: selling drains it, and the rate is
 *                           scaled by the share still unsold, so one event's panic selling never exceeds it and the spiral
 *                           it feeds is bounded (a finite set of holders sells once, not a flow that renews itself);
 *                           0 = no limit (the rate alone)
 * @param stopLossShare      share of each leveraged position protected by a stop-loss order, 0–1; 0 = none
 * @param stopLossDepth      where the stop sits: this share of the way from entry to the liquidation price, (0, 1]
 *                           (1 = just before liquidation, to avoid the liquidation fee; less = a smaller loss accepted)
 * @param panicClosePerMinute largest share per minute of the positions within rescueZonePct of liquidation closed on the
 *                           speed of the fall (panic closes near liquidation), 0–60; 0 = none
 */
public record FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                        double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour,
                        double panicSellPerMinute, double panicSpeedRefPct, double panicPoolDepths, double stopLossShare,
                        double stopLossDepth, double panicClosePerMinute) {
    public static final FlowModel NONE = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0);

    public FlowModel {
        Checks.positive("flow.stressRefPct", stressRefPct);
        Checks.inRange("flow.closeBasePerHour", closeBasePerHour, 0, 1);
        Checks.inRange("flow.closeStressPerHour", closeStressPerHour, 0, 10);
        Checks.inRange("flow.newLongPerHour", newLongPerHour, 0, 10);
        Checks.inRange("flow.newShortPerHour", newShortPerHour, 0, 10);
        Checks.notNegative("flow.newOpenStressCap", newOpenStressCap);
        Checks.inRange("flow.rescueZonePct", rescueZonePct, 0, 50);
        Checks.inRange("flow.rescuePerHour", rescuePerHour, 0, 100);
        Checks.inRange("flow.panicSellPerMinute", panicSellPerMinute, 0, 100);
        Checks.positive("flow.panicSpeedRefPct", panicSpeedRefPct);
        Checks.inRange("flow.panicPoolDepths", panicPoolDepths, 0, 10_000);
        Checks.inRange("flow.stopLossShare", stopLossShare, 0, 1);
        Checks.inRange("flow.stopLossDepth", stopLossDepth, 1e-3, 1);
        Checks.inRange("flow.panicClosePerMinute", panicClosePerMinute, 0, 60);
    }

    /** Stop-loss orders, no panic closes near liquidation. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour,
                     double panicSellPerMinute, double panicSpeedRefPct, double panicPoolDepths, double stopLossShare,
                     double stopLossDepth) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, rescueZonePct,
                rescuePerHour, panicSellPerMinute, panicSpeedRefPct, panicPoolDepths, stopLossShare, stopLossDepth, 0);
    }

    /**
     * The share (0–1) of the largest panic at the index's fall {@code fallPct} over the last 60 s: e² / (1 + e²),
     * e = max(0, fall / panicSpeedRefPct − 1) (the class formula; panic selling and panic closes share it).
     */
    public double panicIntensity(double fallPct) {
        double e = fallPct / panicSpeedRefPct - 1;
        return e <= 0 ? 0 : e * e / (1 + e * e);
    }

    /**
     * The same flow with the largest panic selling × {@code multiplier} (the carry-unwind variant's market scaling,
     * {@link EventModel#carryPanicMultiplier}), capped at the rate's bound 100 D₁ a minute.
     */
    public FlowModel withPanicScaled(double multiplier) {
        Checks.positive("flow.panicMultiplier", multiplier);
        return new FlowModel(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap,
                rescueZonePct, rescuePerHour, Math.min(100, panicSellPerMinute * multiplier), panicSpeedRefPct, panicPoolDepths,
                stopLossShare, stopLossDepth, panicClosePerMinute);
    }

    /** Panic selling from a pool of {@code panicPoolDepths}, no stop-loss orders. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour,
                     double panicSellPerMinute, double panicSpeedRefPct, double panicPoolDepths) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, rescueZonePct,
                rescuePerHour, panicSellPerMinute, panicSpeedRefPct, panicPoolDepths, 0, 1);
    }

    /** Panic selling without a limit on the panic sellers' holding. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour,
                     double panicSellPerMinute, double panicSpeedRefPct) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, rescueZonePct,
                rescuePerHour, panicSellPerMinute, panicSpeedRefPct, 0);
    }

    /** Flow without panic selling. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, rescueZonePct,
                rescuePerHour, 0, 1);
    }

    /** Flow without defence of endangered positions. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, 0, 0);
    }
}
