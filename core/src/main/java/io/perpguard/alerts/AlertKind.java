package io.perpguard.alerts;

import java.util.Locale;

/** What a margin alert says. */
public enum AlertKind {
    /** Margin ratio crossed one of the policy's thresholds upward (e.g. 50 %, 70 %, 85 %). */
    THRESHOLD,
    /** Margin ratio rose by more than the policy's step within its window: margin is falling fast. */
    FAST_RISE,
    /** Margin ratio reached 100 %: the position or account is being liquidated. */
    LIQUIDATION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
