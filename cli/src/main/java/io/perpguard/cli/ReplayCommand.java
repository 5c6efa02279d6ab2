package io.perpguard.cli;

import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.orders.PlanFile;
import io.perpguard.instrument.Instrument;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.orders.BarReplay;
import io.perpguard.orders.OrderPlan;
import io.perpguard.orders.ReplayEvent;
import io.perpguard.orders.ReplayResult;
import io.perpguard.orders.TradeRecord;
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
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code perpguard replay}: runs an order plan over candles with fees, slippage, funding and liquidation. */
@Command(name = "replay", header = "Replays an order plan over candles with fees, slippage, funding and liquidation.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays an order plan (PLAN.json, see docs/stops.md) over candles: entries, stop, partial take-profits,",
                "breakeven, trailing and time stops, fees, slippage, funding and isolated liquidation. Within a candle the",
                "adverse extreme is assumed to come first."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candles", required = true, paramLabel = "FILE", description = "candle CSV (Binance archive or generic OHLCV; .gz read as is)")
    Path candles;
    @Option(names = "--funding", paramLabel = "FILE", description = "funding history (CSV or /fapi/v1/fundingRate JSON); without it funding is not charged and the output says so")
    Path funding;
    @Option(names = "--plan", required = true, paramLabel = "PLAN.json", description = "order plan: entries, stop, take-profits (docs/stops.md)")
    Path planFile;
    @Option(names = "--equity-curve", description = "include the per-candle equity curve in the JSON")
    boolean curve;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        Loaded<CandleSeries> c = CandleCsv.read(candles);
        Loaded<FundingHistory> f = funding == null ? null : FundingFile.read(funding);
        OrderPlan plan = PlanFile.read(planFile);
        Instrument inst = common.instruments().get(plan.symbol()).requireLinear("replay");
        ReplayResult r = BarReplay.run(plan, c.data(), f == null ? null : f.data(), inst);
        List<String> warnings = new ArrayList<>();
        c.warnings().forEach(w -> warnings.add("candles: " + w));
        if (f != null) {
            f.warnings().forEach(w -> warnings.add("funding: " + w));
        }
        warnings.addAll(r.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, toJson(r, warnings, curve));
            return 0;
        }
        int pd = inst.contract().priceDecimals();
        out.printf("%s %s: planned %s, filled %s at %s; R = %s USDT%n", plan.symbol(), plan.side().label(), Output.num(r.plannedQty(), 3),
                Output.num(r.filledQty(), 3), Output.num(r.averageEntry(), pd), Output.num(r.riskAmount(), 2));
        for (ReplayEvent e : r.events()) {
            if (!e.type().equals("funding")) {
                out.printf("  %-20s  %-19s %12s  %s%n", Instant.ofEpochMilli(e.timeMs()), e.type(), Output.num(e.price(), pd), e.note());
            }
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        for (TradeRecord t : r.trades()) {
            rows.add(new String[]{Instant.ofEpochMilli(t.exitTimeMs()).toString(), t.exitReason(), Output.num(t.qty(), 3),
                    Output.num(t.exitPrice(), pd), Output.num(t.netPnl(), 2), Output.num(t.rMultiple(), 2)});
        }
        Output.table(out, new String[]{"exit", "reason", "qty", "price", "net PnL", "R"}, rows);
        Output.rows(out, new String[][]{
                {"result", Output.num(r.totalR(), 2) + " R"},
                {"final equity", Output.num(r.finalEquity(), 2) + " USDT (max drawdown " + Output.num(r.maxDrawdownPct(), 2) + " %)"},
                {"fees / funding paid", Output.num(r.feesPaid(), 2) + " / " + Output.num(r.fundingPaid(), 2) + " USDT"},
                {"liquidated", r.liquidated() ? "YES" : "no"},
        });
        for (String w : warnings) {
            out.println("  warning: " + w);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> toJson(ReplayResult r, List<String> warnings, boolean curve) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> trades = new ArrayList<>();
        for (TradeRecord t : r.trades()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("entryTime", Instant.ofEpochMilli(t.entryTimeMs()).toString());
            e.put("exitTime", Instant.ofEpochMilli(t.exitTimeMs()).toString());
            e.put("side", t.side());
            e.put("qty", t.qty());
            e.put("entryPrice", t.entryPrice());
            e.put("exitPrice", t.exitPrice());
            e.put("exitReason", t.exitReason());
            e.put("rMultiple", t.rMultiple());
            e.put("fees", t.fees());
            e.put("funding", t.funding());
            e.put("pnl", t.pnl());
            e.put("netPnl", t.netPnl());
            trades.add(e);
        }
        m.put("trades", trades);
        m.put("finalEquity", r.finalEquity());
        m.put("maxDrawdownPct", r.maxDrawdownPct());
        m.put("feesPaid", r.feesPaid());
        m.put("fundingPaid", r.fundingPaid());
        m.put("liquidated", r.liquidated());
        m.put("plannedQty", r.plannedQty());
        m.put("filledQty", r.filledQty());
        m.put("averageEntry", r.averageEntry());
        m.put("riskAmount", r.riskAmount());
        m.put("totalR", r.totalR());
        List<Object> events = new ArrayList<>();
        for (ReplayEvent e : r.events()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("time", Instant.ofEpochMilli(e.timeMs()).toString());
            x.put("type", e.type());
            x.put("price", e.price());
            x.put("qty", e.qty());
            x.put("note", e.note());
            events.add(x);
        }
        m.put("events", events);
        if (curve) {
            List<Object> pts = new ArrayList<>();
            for (int i = 0; i < r.equity().length; i++) {
                pts.add(Map.of("time", Instant.ofEpochMilli(r.equityTimeMs()[i]).toString(), "equity", r.equity()[i]));
            }
            m.put("equityCurve", pts);
        }
        m.put("warnings", warnings);
        return m;
    }
}
