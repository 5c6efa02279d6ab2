package io.perpguard.app.json;

import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON object of {@code kelly --journal|--db --json}, for the CLI and the API. */
public final class SizingJson {
    private SizingJson() {
    }

    /** The Kelly fields of {@code kelly --json}. */
    public static Map<String, Object> kelly(KellyResult k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("winRate", k.winRate());
        m.put("payoffRatio", k.payoffRatio());
        m.put("kellyFraction", k.kellyFraction());
        m.put("fraction", k.fraction());
        m.put("fractionalKelly", k.fractionalKelly());
        m.put("halfKelly", k.halfKelly());
        m.put("quarterKelly", k.quarterKelly());
        m.put("cap", k.cap());
        m.put("recommendedRiskFraction", k.recommendedRiskFraction());
        m.put("edge", k.edge());
        m.put("verdict", k.verdict());
        return m;
    }

    /** {@code kelly --journal|--db --json}: the Kelly fields plus the journal's statistics. */
    public static Map<String, Object> kellyEstimate(KellyEstimate e, String source, List<String> warnings) {
        Map<String, Object> m = kelly(e.kelly());
        m.put("source", source);
        m.put("sampleSize", e.sampleSize());
        m.put("wins", e.wins());
        m.put("losses", e.losses());
        m.put("averageWin", e.averageWin());
        m.put("averageLoss", e.averageLoss());
        m.put("expectancyR", e.expectancyR());
        m.put("interval90", List.of(e.interval90()[0], e.interval90()[1]));
        m.put("resamples", e.resamples());
        m.put("seed", e.seed());
        m.put("sampleSufficient", e.sampleSufficient());
        m.put("sampleNeeded", e.sampleNeeded());
        m.put("warnings", warnings);
        return m;
    }
}
