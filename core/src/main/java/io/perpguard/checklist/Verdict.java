package io.perpguard.checklist;

import java.util.Locale;

/** Outcome of one checklist rule, ordered from best to worst: the plan's verdict is the worst of its rules. */
public enum Verdict {
    PASS, WARN, FAIL;

    /** The worse of two verdicts. */
    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Lower-case name as used in JSON ({@code pass}, {@code warn}, {@code fail}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
