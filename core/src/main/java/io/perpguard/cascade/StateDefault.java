package io.perpguard.cascade;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pre-event series that was missing (or a figure estimated instead of given) and what the ladder used in its place:
 * a code and its figures; {@code app}'s explain package writes the sentence.
 *
 * @param code   what was missing
 * @param values the figures the sentence needs (e.g. {@code depthToOiPct}, {@code beta}, {@code returns}, {@code reference})
 */
public record StateDefault(Code code, Map<String, Object> values) {
    /** What was missing. */
    public enum Code {
        /** No price bars: flat path at the event price. */
        NO_PRICES,
        /** No OI samples: flat OI over the window. */
        NO_OI_HISTORY,
        /** One OI sample: flat OI over the window. */
        ONE_OI_SAMPLE,
        /** No funding: neutral funding ({@code baseFundingPct}). */
        NO_FUNDING,
        /** No long/short ratio: 1. */
        NO_LONG_SHORT,
        /** No calm depth and too few bar volumes for an estimate: {@code depthToOiPct} of OI. */
        NO_DEPTH,
        /**
         * No calm depth given: {@code depthUsd} ({@code depthToOiPct} of OI) estimated from {@code returns} bar returns per
         * quote volume ({@code illiquidity}, % per USD on 4-h bars; {@link DepthEstimate}).
         */
        DEPTH_ESTIMATED,
        /** No bar volumes: turnover at one OI traded per day ({@code oiPerDay}). */
        NO_VOLUME,
        /** Bar volumes scaled to the whole market by the observed {@code share} of its OI on the bars' venue. */
        VOLUME_SHARE,
        /** The bars' venue's share of the market's OI not observed: its volume stands for the whole market's (share 1). */
        NO_VOLUME_SHARE,
        /** No beta: 1. */
        NO_BETA,
        /** Beta estimated by regression: {@code beta} from {@code returns} bar returns against {@code reference}. */
        BETA_ESTIMATED
    }

    public StateDefault {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static StateDefault of(Code code) {
        return new StateDefault(code, Map.of());
    }

    static StateDefault of(Code code, Object... keyValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            v.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new StateDefault(code, v);
    }
}
