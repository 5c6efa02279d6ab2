package io.perpguard.app.json;

import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.MarketOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code cascade --json} and {@code POST /api/cascade}: one shaping for both front ends. */
public final class CascadeJson {
    private CascadeJson() {
    }

    /** The result of one scenario (issue contract, plus per-market detail). */
    public static Map<String, Object> result(CascadeResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("core", r.core());
        m.put("drawdownPct", r.drawdownPct());
        m.put("timeToTroughMinutes", r.timeToTroughMinutes());
        m.put("longLiquidatedUsd", r.longLiquidatedUsd());
        m.put("shortLiquidatedUsd", r.shortLiquidatedUsd());
        m.put("oiBeforeUsd", r.oiBeforeUsd());
        m.put("oiAfterUsd", r.oiAfterUsd());
        m.put("amplification", r.amplification());
        m.put("maxPathR", r.maxPathR());
        m.put("badDebtUsd", r.badDebtUsd());
        m.put("insuranceFundChangeUsd", r.insuranceFundChangeUsd());
        List<Map<String, Object>> bands = new ArrayList<>();
        for (BandResult b : r.bands()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", b.id());
            j.put("description", b.description());
            j.put("low", b.low());
            j.put("high", b.high());
            j.put("value", b.value());
            j.put("inside", b.inside());
            j.put("distance", b.distance());
            bands.add(j);
        }
        m.put("bands", bands);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (MarketOutcome o : r.markets()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("symbol", o.symbol());
            j.put("drawdownPct", o.drawdownPct());
            j.put("timeToTroughMinutes", o.timeToTroughMinutes());
            j.put("longLiquidatedUsd", o.longLiquidatedUsd());
            j.put("shortLiquidatedUsd", o.shortLiquidatedUsd());
            j.put("oiBeforeUsd", o.oiBeforeUsd());
            j.put("oiAfterUsd", o.oiAfterUsd());
            j.put("voluntaryClosedUsd", o.voluntaryClosedUsd());
            j.put("newOpenedUsd", o.newOpenedUsd());
            j.put("adlUsd", o.adlUsd());
            j.put("badDebtUsd", o.badDebtUsd());
            j.put("insuranceFundChangeUsd", o.insuranceFundChangeUsd());
            j.put("pendingUsd", o.pendingUsd());
            j.put("depthAtTroughRatio", o.depthAtTroughRatio());
            j.put("maxPathR", o.maxPathR());
            j.put("amplification", o.amplification());
            ms.add(j);
        }
        m.put("markets", ms);
        return m;
    }
}
