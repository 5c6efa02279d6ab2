package io.perpguard.sizing;

import io.perpguard.Checks;

import java.util.Locale;

/**
 * One check the sizer makes on the size it found, with the numbers behind the verdict.
 *
 * @param id      stable identifier: {@code size}, {@code minimums}, {@code stopBeforeLiquidation}, {@code tier},
 *                {@code margin}
 * @param passed  true when the size is acceptable on this count
 * @param message one sentence a trader can act on, with the figures
 */
public record SizingCheck(String id, boolean passed, String message) {
    public SizingCheck {
        Checks.notBlank("id", id);
        Checks.notBlank("message", message);
    }

    static SizingCheck pass(String id, String format, Object... args) {
        return new SizingCheck(id, true, String.format(Locale.ROOT, format, args));
    }

    static SizingCheck fail(String id, String format, Object... args) {
        return new SizingCheck(id, false, String.format(Locale.ROOT, format, args));
    }
}
