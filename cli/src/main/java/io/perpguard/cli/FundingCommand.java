package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.funding.FundingCarry;
import io.perpguard.funding.FundingDrift;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** {@code perpguard funding}: funding carry of a position and how funding alone walks it to liquidation. */
@Command(name = "funding", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Funding carry per interval, per day and per year, as money and as %% of notional and of margin;",
                "the funding drift of an isolated position at a static price (liquidation price after each payment, intervals",
                "until funding alone liquidates it); with --history, the statistics of a real funding-rate history and the drift",
                "under it. Positive money = the position pays."})
public final class FundingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--notional", paramLabel = "USDT", required = true, description = "position notional at mark")
    double notional;
    @Option(names = "--leverage", paramLabel = "L", required = true)
    double leverage;
    @Option(names = "--rate", paramLabel = "R", required = true, description = "funding rate per interval as a fraction (0.0005 = 0.05 %%)")
    double rate;
    @Option(names = "--interval", paramLabel = "8h", description = "funding interval, e.g. 8h, 4h, 1h (default: the contract's)")
    String interval;
    @Option(names = "--symbol", paramLabel = "SYMBOL", defaultValue = "BTCUSDT", description = "contract for tiers and interval (default ${DEFAULT-VALUE})")
    String symbol;
    @Option(names = "--side", paramLabel = "long|short", defaultValue = "long")
    String side;
    @Option(names = "--mark", paramLabel = "PRICE", description = "static mark price for the liquidation prices (default 60000 for BTCUSDT)")
    Double mark;
    @Option(names = "--history", paramLabel = "FILE", description = "funding-rate history (Binance CSV or GET /fapi/v1/fundingRate JSON)")
    Path history;
    @Option(names = "--drift-rows", paramLabel = "N", defaultValue = "200", description = "most drift rows to list (default ${DEFAULT-VALUE})")
    int driftRows;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        Instrument inst = common.instruments().get(symbol);
        Side s = Side.parse("side", side);
        int hours = interval == null ? inst.contract().fundingIntervalHours() : parseInterval(interval);
        FundingCarry.Carry c = FundingCarry.of(s, notional, leverage, rate, hours);
        double m = mark != null ? Checks.positive("mark", mark) : defaultMark(inst.symbol());
        inst.tiers().requireLeverageAllowed(leverage, notional);
        Position p = new Position(inst.symbol(), s, notional / m, m, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, m);
        OptionalInt toLiq = FundingDrift.intervalsToLiquidation(p, inst.tiers(), rate);
        int rows = Math.max(0, Math.min(driftRows, FundingDrift.MAX_INTERVALS));
        FundingDrift.Drift drift = FundingDrift.isolated(p, inst.tiers(), rate, toLiq.isPresent() ? Math.min(toLiq.getAsInt(), rows) : rows);

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
        List<String> warnings = new ArrayList<>();
        Map<String, Object> hist = null;
        if (history != null) {
            Loaded<FundingHistory> l = FundingFile.read(history);
            warnings.addAll(l.warnings());
            hist = historyJson(l.data(), p, inst);
            j.put("history", hist);
        }
        j.put("warnings", warnings);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, j);
        } else {
            print(out, c, p, drift, toLiq, hist, warnings);
        }
        return 0;
    }

    /** Parses {@code 8h}, {@code 4h}, {@code 1h} (or a bare number of hours). */
    static int parseInterval(String text) {
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
        FundingDrift.Drift d = FundingDrift.isolated(p, inst.tiers(), h.rate());
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

    private static void print(PrintWriter out, FundingCarry.Carry c, Position p, FundingDrift.Drift d, OptionalInt toLiq,
                              Map<String, Object> hist, List<String> warnings) {
        out.printf("%s %s, notional %s at %sx (margin %s), funding %s per %dh%n", p.symbol(), c.side().label(), Output.num(c.notional(), 2),
                Checks.fmt(c.leverage()), Output.num(c.margin(), 2), Output.pct(c.rate(), 4), c.intervalHours());
        Output.table(out, new String[]{"", "USDT", "% of notional", "% of margin"}, List.of(
                new String[]{"per interval", Output.num(c.paymentPerInterval(), 2), Output.num(c.costPerIntervalPctOfNotional(), 4), Output.num(c.costPerIntervalPctOfMargin(), 4)},
                new String[]{"per day", Output.num(c.costPerDay(), 2), Output.num(c.costPerDayPctOfNotional(), 4), Output.num(c.costPerDayPctOfMargin(), 4)},
                new String[]{"per year", Output.num(c.costPerYear(), 2), Output.num(c.annualisedPctOfNotional(), 2), Output.num(c.annualisedPctOfMargin(), 2)}));
        out.println();
        out.printf("Funding drift at a static mark of %s (isolated): liquidation price %s at the start%n",
                Output.num(p.markPrice(), 2), Output.num(d.startLiquidationPrice(), 2));
        List<String[]> rows = new ArrayList<>();
        int n = d.steps().size();
        for (int i = 0; i < n; i++) {
            if (n > 12 && i >= 5 && i < n - 5) {
                if (i == 5) {
                    rows.add(new String[]{"...", "", "", ""});
                }
                continue;
            }
            FundingDrift.Step st = d.steps().get(i);
            rows.add(new String[]{Integer.toString(st.interval()), Output.num(st.margin(), 2), Output.num(st.liquidationPrice(), 2),
                    Output.num(100 * st.marginRatio(), 2) + " %"});
        }
        Output.table(out, new String[]{"after payment", "margin", "liq. price", "margin ratio"}, rows);
        out.println(toLiq.isPresent()
                ? "  funding alone liquidates it after " + toLiq.getAsInt() + " payments (" + Output.num(toLiq.getAsInt() * c.intervalHours() / 24.0, 2) + " days)"
                : "  funding alone never liquidates it at this rate (the position receives or pays nothing)");
        if (hist != null) {
            out.println();
            out.printf("History %s to %s: %s intervals of %sh%n", hist.get("from"), hist.get("to"), hist.get("count"), hist.get("intervalHours"));
            @SuppressWarnings("unchecked")
            Map<String, Object> dj = (Map<String, Object>) hist.get("drift");
            Output.rows(out, new String[][]{
                    {"mean / median rate", Output.pct((double) hist.get("meanRate"), 4) + " / " + Output.pct((double) hist.get("medianRate"), 4)},
                    {"p5 / p25 / p75 / p95", Output.pct((double) hist.get("p5Rate"), 4) + " / " + Output.pct((double) hist.get("p25Rate"), 4) + " / "
                            + Output.pct((double) hist.get("p75Rate"), 4) + " / " + Output.pct((double) hist.get("p95Rate"), 4)},
                    {"positive intervals", Output.pct((double) hist.get("positiveShare"), 1)},
                    {"annualised carry", Output.num((double) hist.get("annualisedPctOfNotional"), 2) + " % of notional, "
                            + Output.num((double) hist.get("annualisedPctOfMargin"), 2) + " % of margin"},
                    {"drift under history", dj.get("intervalsToLiquidation") == null
                            ? "not liquidated over " + dj.get("intervalsWalked") + " intervals; margin left " + Output.num((double) dj.get("marginAtEnd"), 2)
                            : "liquidated after " + dj.get("intervalsToLiquidation") + " intervals (" + Output.num((double) dj.get("daysToLiquidation"), 2) + " days)"},
            });
        }
        for (String w : warnings) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
