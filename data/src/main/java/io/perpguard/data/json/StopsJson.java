package io.perpguard.data.json;

import io.perpguard.stops.StopPlan;
import io.perpguard.stops.StopSuggestion;
import io.perpguard.stops.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON object of {@code stops --json}, for the CLI and the desk's {@code POST /api/stops}. */
public final class StopsJson {
    private StopsJson() {
    }

    /** The JSON object of {@code stops --json}: side, entry, at, atr, suggestions[], zones[], pointOfControl, warnings[]. */
    public static Map<String, Object> plan(StopPlan plan, List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", plan.side());
        m.put("entry", plan.entry());
        m.put("at", Instant.ofEpochMilli(plan.atTimeMs()).toString());
        m.put("atr", plan.atr());
        m.put("atrPeriod", plan.atrPeriod());
        m.put("lastClose", plan.lastClose());
        List<Object> sug = new ArrayList<>();
        for (StopSuggestion x : plan.suggestions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", x.method());
            e.put("price", x.price());
            e.put("distancePct", x.distancePct());
            e.put("distanceAtr", x.distanceAtr());
            e.put("reason", x.reason());
            sug.add(e);
        }
        m.put("suggestions", sug);
        List<Object> zones = new ArrayList<>();
        for (Zone z : plan.zones()) {
            zones.add(Map.of("low", z.low(), "high", z.high(), "level", z.level(), "touches", z.touches()));
        }
        m.put("zones", zones);
        m.put("pointOfControl", plan.profile().pocPrice());
        m.put("warnings", warnings);
        return m;
    }
}
