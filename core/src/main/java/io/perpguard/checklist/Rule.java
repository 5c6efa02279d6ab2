package io.perpguard.checklist;

import io.perpguard.Checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checked item of the pre-trade checklist with the numbers behind its verdict.
 *
 * @param id      stable identifier ({@code thesis}, {@code trend}, {@code stop}, {@code size}, {@code leverage},
 *                {@code liquidation}, {@code rewardRisk}, {@code funding}, {@code openInterest}, {@code exposure})
 * @param verdict pass, warn or fail
 * @param reason  why, as a stable code (the sentence is written from it and the values outside core)
 * @param values  the figures the verdict rests on, in insertion order; NaN means "not known"
 */
public record Rule(String id, Verdict verdict, Reason reason, Map<String, Object> values) {
    public Rule {
        Checks.notBlank("id", id);
        Checks.notNull("verdict", verdict);
        Checks.notNull("reason", reason);
        values = Collections.unmodifiableMap(values instanceof Figures ? values : new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /**
     * Figures the checklist builds for the one rule it hands them to: kept as given, not copied (a check builds about
     * ten rules per request). Whoever builds one must not touch it after making the rule.
     */
    static final class Figures extends LinkedHashMap<String, Object> {
        Figures(int pairs) {
            super(pairs * 4 / 3 + 2);
        }
    }
}
