package io.perpguard.app.json;

import io.perpguard.data.journal.ImportResult;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON objects of {@code kelly --json} and {@code journal list --json}, for the CLI and the API. */
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

    /** {@code journal list --json}: {db, trades[]}. */
    public static Map<String, Object> journal(String db, List<JournalTrade> trades) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JournalTrade t : trades) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.tradeHash());
            m.put("symbol", t.symbol());
            m.put("side", t.side());
            m.put("openTime", Instant.ofEpochMilli(t.openTimeMs()).toString());
            m.put("closeTime", Instant.ofEpochMilli(t.closeTimeMs()).toString());
            m.put("qty", t.qty());
            m.put("entryPrice", t.entryPrice());
            m.put("exitPrice", t.exitPrice());
            m.put("realizedPnl", t.realizedPnl());
            m.put("fees", t.fees());
            m.put("netPnl", t.netPnl());
            m.put("fills", t.fillCount());
            list.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("db", db);
        m.put("trades", list);
        return m;
    }

    /** {@code journal import --json} and {@code POST /api/journal/import}: what the import added. */
    public static Map<String, Object> journalImport(String db, ImportResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("db", db);
        m.put("source", r.source());
        m.put("format", r.format());
        m.put("rowsRead", r.rowsRead());
        m.put("fillsAdded", r.fillsAdded());
        m.put("fillsAlreadyStored", r.fillsAlreadyStored());
        m.put("tradesAdded", r.tradesAdded());
        m.put("trades", r.tradesAfter());
        m.put("warnings", r.warnings());
        return m;
    }
}
