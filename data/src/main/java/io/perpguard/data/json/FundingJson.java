package io.perpguard.data.json;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.funding.FundingCarry;
import io.perpguard.funding.FundingDrift;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** The JSON object of {@code funding --json}, for the CLI and the desk's {@code POST /api/funding}. */
public final class FundingJson {
    private FundingJson() {
    }

    /** The figures behind the JSON (the CLI's table prints them). */
    public record Run(FundingCarry.Carry carry, Position position, FundingDrift.Drift drift, OptionalInt toLiquidation, Map<String, Object> json) {
    }

    /**
     * One {@code funding} run: carry, drift at a static mark and (with a history) the history's statistics.
     *
     * @param intervalHours funding interval, null for the contract's
     * @param mark          static mark, null for the default (60,000 for BTCUSDT)
     * @param history       funding-rate history, or null
     * @param warnings      warnings so far (from reading the history); the JSON lists them
     * @param driftRows     most drift rows to list
     */
    public static Run run(Instrument inst, Side s, double notional, double leverage, double rate, Integer intervalHours, Double mark,
                          FundingHistory history, List<String> warnings, int driftRows) {
        int hours = intervalHours == null ? inst.contract().fundingIntervalHours() : FundingCarry.checkIntervalHours(intervalHours);
        FundingCarry.Carry c = FundingCarry.of(s, notional, leverage, rate, hours);
        double m = mark != null ? Checks.positive("mark", mark) : defaultMark(inst.symbol());
        inst.tiers().requireLeverageAllowed(leverage, notional);
        Position p = new Position(inst.symbol(), s, notional / m, m, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, m);
        OptionalInt toLiq = FundingDrift.intervalsToLiquidation(p, inst, rate);
        int rows = Math.max(0, Math.min(driftRows, FundingDrift.MAX_INTERVALS));
        FundingDrift.Drift drift = FundingDrift.isolated(p, inst, rate, toLiq.isPresent() ? Math.min(toLiq.getAsInt(), rows) : rows);

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("symbol", inst.symbol());
        j.put("side", s);
        j.put("notional", notional);
        j.put("leverage", leverage);
        j.put("margin", c.margin());
        j.put("rate", rate);
        j.put("intervalHours", hours);
        j.put("paymentPerInterval", c.paymentPerInterval());
        j.put("costPerDay", c.costPerDay());
        j.put("costPerYear", c.costPerYear());
        j.put("costPerIntervalPctOfNotional", c.costPerIntervalPctOfNotional());
        j.put("costPerDayPctOfNotional", c.costPerDayPctOfNotional());
        j.put("annualisedPctOfNotional", c.annualisedPctOfNotional());
        j.put("costPerIntervalPctOfMargin", c.costPerIntervalPctOfMargin());
        j.put("costPerDayPctOfMargin", c.costPerDayPctOfMargin());
        j.put("annualisedPctOfMargin", c.annualisedPctOfMargin());
        j.put("markPrice", m);
        j.put("liquidationPriceStart", drift.startLiquidationPrice());
        j.put("intervalsToLiquidation", toLiq.isPresent() ? toLiq.getAsInt() : null);
        j.put("daysToLiquidation", toLiq.isPresent() ? toLiq.getAsInt() * hours / 24.0 : null);
        j.put("drift", driftRows(drift));
        if (history != null) {
            j.put("history", historyJson(history, p, inst));
        }
        j.put("warnings", List.copyOf(warnings));
        return new Run(c, p, drift, toLiq, j);
    }

    /** Parses {@code 8h}, {@code 4h}, {@code 1h} (or a bare number of hours). */
    public static int parseInterval(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("h")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return FundingCarry.checkIntervalHours(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("interval", "'" + text + "' is not an interval; use e.g. 8h, 4h or 1h");
        }
    }

    private static double defaultMark(String symbol) {
        if (symbol.equals("BTCUSDT")) {
            return 60000;
        }
        throw new InvalidInputException("mark", "is missing (--mark): needed to price the liquidation levels of " + symbol);
    }

    private static List<Map<String, Object>> driftRows(FundingDrift.Drift d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FundingDrift.Step st : d.steps()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("interval", st.interval());
            r.put("margin", st.margin());
            r.put("liquidationPrice", st.liquidationPrice());
            r.put("marginRatioPct", 100 * st.marginRatio());
            rows.add(r);
        }
        return rows;
    }

    private static Map<String, Object> historyJson(FundingHistory h, Position p, Instrument inst) {
        FundingCarry.HistoryStats st = FundingCarry.stats(h);
        FundingDrift.Drift d = FundingDrift.isolated(p, inst, h.rate());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", st.count());
        m.put("intervalHours", st.intervalHours());
        m.put("from", Instant.ofEpochMilli(st.firstTimeMs()).toString());
        m.put("to", Instant.ofEpochMilli(st.lastTimeMs()).toString());
        m.put("meanRate", st.mean());
        m.put("medianRate", st.median());
        m.put("p5Rate", st.p5());
        m.put("p25Rate", st.p25());
        m.put("p75Rate", st.p75());
        m.put("p95Rate", st.p95());
        m.put("minRate", st.min());
        m.put("maxRate", st.max());
        m.put("positiveShare", st.positiveShare());
        m.put("annualisedPctOfNotional", st.annualisedPctOfNotional());
        m.put("annualisedPctOfMargin", st.annualisedPctOfNotional() * p.leverage());
        m.put("realisedPctOfNotional", st.realisedPctOfNotional());
        Map<String, Object> dj = new LinkedHashMap<>();
        dj.put("intervalsToLiquidation", d.intervalsToLiquidation().isPresent() ? d.intervalsToLiquidation().getAsInt() : null);
        dj.put("daysToLiquidation", d.intervalsToLiquidation().isPresent() ? d.intervalsToLiquidation().getAsInt() * st.intervalHours() / 24.0 : null);
        dj.put("intervalsWalked", d.steps().size());
        dj.put("marginAtEnd", d.endMargin());
        dj.put("liquidationPriceAtEnd", d.steps().isEmpty() ? d.startLiquidationPrice() : d.steps().get(d.steps().size() - 1).liquidationPrice());
        m.put("drift", dj);
        return m;
    }
}
