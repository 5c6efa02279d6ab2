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
 */
public record FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                        double newShortPerHour, double newOpenStressCap, double rescueZonePct, double rescuePerHour) {
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
    }

    /** Flow without defence of endangered positions. */
    public FlowModel(double stressRefPct, double closeBasePerHour, double closeStressPerHour, double newLongPerHour,
                     double newShortPerHour, double newOpenStressCap) {
        this(stressRefPct, closeBasePerHour, closeStressPerHour, newLongPerHour, newShortPerHour, newOpenStressCap, 0, 0);
    }
}
