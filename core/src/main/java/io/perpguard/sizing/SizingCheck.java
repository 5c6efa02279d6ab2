package io.perpguard.sizing;

import io.perpguard.Checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check the sizer makes on the size it found, with the figures behind the verdict. The sentence a trader reads is
 * written from the reason and the figures outside core ({@code app}'s {@code SizingText}).
 *
 * @param id      stable identifier: {@code size}, {@code minimums}, {@code stopBeforeLiquidation}, {@code tier},
 *                {@code margin}
 * @param passed  true when the size is acceptable on this count
 * @param reason  why, as a stable code
 * @param values  the figures, in insertion order
 */
public record SizingCheck(String id, boolean passed, Reason reason, Map<String, Object> values) {
    /** Why a sizing check passed or failed. */
    public enum Reason {
        SIZE_BELOW_ONE_STEP, SIZE_FROM_BUDGET,
        MINIMUMS_MET, MINIMUMS_NOT_MET,
        STOP_BEFORE_LIQUIDATION, NO_LIQUIDATION_PRICE, LIQUIDATION_TOO_CLOSE, FILL_BEYOND_LIQUIDATION,
        /** liquidated the way the position gains (a long rising into a tier whose rate exceeds its margin): the stop cannot prevent it */
        LIQUIDATION_ON_GAIN_SIDE,
        TIER_ABOVE_CAP, TIER_ALLOWS, TIER_ABOVE_MAXIMUM,
        MARGIN_FITS, MARGIN_ABOVE_AVAILABLE
    }

    public SizingCheck {
        Checks.notBlank("id", id);
        Checks.notNull("reason", reason);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static SizingCheck of(String id, boolean passed, Reason reason, Object... figures) {
        return new SizingCheck(id, passed, reason, figures(figures));
    }

    static SizingCheck pass(String id, Reason reason, Object... figures) {
        return new SizingCheck(id, true, reason, figures(figures));
    }

    static SizingCheck fail(String id, Reason reason, Object... figures) {
        return new SizingCheck(id, false, reason, figures(figures));
    }

    private static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
