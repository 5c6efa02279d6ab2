package io.perpguard.cli;

import io.perpguard.app.ReplayUseCase;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.orders.PlanFile;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.orders.OrderPlan;
import io.perpguard.orders.ReplayResult;
import io.perpguard.orders.TradeRecord;
import io.perpguard.data.json.JsonInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    @Mixin
    TakerFeeOption fee;

    @Override
    public Integer call() {
        Loaded<CandleSeries> c = CandleCsv.read(candles);
        Loaded<FundingHistory> f = funding == null ? null : FundingFile.read(funding);
        OrderPlan plan = PlanFile.read(planFile);
        List<String> candleWarnings = new ArrayList<>(c.warnings());
        if (fee.on(common.instruments()).get(plan.symbol()).contract().type() == io.perpguard.venue.ContractType.INVERSE) {
            // a coin-margined contract's own history is rarely published: the same asset's linear candles may stand in
            String standIn = io.perpguard.app.SymbolMatch.requireCandlesStandIn("candles", candles.getFileName().toString(), c.data().symbol(),
                    plan.symbol());
            if (standIn != null) {
                candleWarnings.add(standIn);
            }
        } else {
            io.perpguard.app.SymbolMatch.require("candles", candles.getFileName().toString(), c.data().symbol(), plan.symbol());
        }
        if (f != null) {
            io.perpguard.app.SymbolMatch.requireFunding("funding", funding.getFileName().toString(), f.data().symbol(), plan.symbol());
        }
        ReplayUseCase.Result result;
        try {
            result = ReplayUseCase.run(new ReplayUseCase.Request(plan, c.data(), candleWarnings, f == null ? null : f.data(),
                    f == null ? null : f.warnings(), curve), fee.on(common.instruments()));
        } catch (io.perpguard.InvalidInputException e) {
            // the replay's checks of the plan's fields (plan.equity, plan.stop, plan.riskPct) name the file as PlanFile's do
            throw e.field().startsWith("plan.") ? JsonInput.inFile(planFile, e) : e;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, result);
            return 0;
        }
        ReplayResult r = result.replay();
        io.perpguard.instrument.Contract ct = result.instrument().contract();
        int pd = ct.priceDecimals();
        String cur = " " + result.currency();
        int ad = CalcCommand.amountDecimals(result.currency());
        // an inverse contract's sizes in whole contracts; a linear one's in base units
        boolean inverse = ct.type() == io.perpguard.venue.ContractType.INVERSE;
        // base units at the step's decimals (XT's BTC_USDT counts 0.0001 BTC: 0.1583 is not 0.158), as calc and size print them
        int qd = ct.qtyDecimals();
        java.util.function.DoubleFunction<String> size = q -> inverse ? Output.num(ct.contractsOf(q), 0) + " contracts" : Output.qty(q, qd);
        out.printf("%s %s: planned %s, filled %s at %s; R = %s%s%n", plan.symbol(), plan.side().label(), size.apply(r.plannedQty()),
                size.apply(r.filledQty()), Output.num(r.averageEntry(), pd), Output.num(r.riskAmount(), ad), cur);
        for (ReplayUseCase.Event e : result.events()) {
            if (!e.type().equals("funding")) {
                out.printf("  %-20s  %-19s %12s  %s%n", e.time(), e.type(), Output.num(e.price(), pd), e.note());
            }
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        for (TradeRecord t : r.trades()) {
            rows.add(new String[]{Instant.ofEpochMilli(t.exitTimeMs()).toString(), t.exitReason(), inverse ? Output.num(ct.contractsOf(t.qty()), 0)
                    : Output.qty(t.qty(), qd), Output.num(t.exitPrice(), pd), Output.num(t.netPnl(), ad), Output.num(t.rMultiple(), 2)});
        }
        Output.table(out, new String[]{"exit", "reason", inverse ? "contracts" : "qty", "price", "net PnL" + cur, "R"}, rows);
        Output.rows(out, new String[][]{
                {"result", Output.num(r.totalR(), 2) + " R"},
                {"final equity", Output.num(r.finalEquity(), ad) + cur + " (max drawdown " + Output.num(r.maxDrawdownPct(), 2) + " %)"},
                {"fees / funding paid", Output.num(r.feesPaid(), ad) + " / " + Output.num(r.fundingPaid(), ad) + cur},
                {"liquidated", r.liquidated() ? "YES" : "no"},
        });
        for (String w : result.warnings()) {
            out.println("  warning: " + w);
        }
        out.flush();
        return 0;
    }
}
