package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.app.FundingUseCase;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard funding}: funding carry of a position and how funding alone walks it to liquidation. */
@Command(name = "funding", header = "Computes funding carry and how funding alone walks a position to liquidation.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Funding carry per interval, per day and per year, as money and as %% of notional and of margin;",
                "the funding drift of an isolated position at a static price (liquidation price after each payment, intervals",
                "until funding alone liquidates it); with --history, the statistics of a real funding-rate history and the drift",
                "under it. Positive money = the position pays."})
public final class FundingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--notional", paramLabel = "USDT", description = "position notional at mark, USDT (linear contracts)")
    Double notional;
    @Option(names = "--qty", paramLabel = "QTY", description = "or the size in base units (coin for an inverse contract)")
    Double qty;
    @Option(names = "--contracts", paramLabel = "N", description = "or the size in whole contracts (XT, OKX, coin-margined: "
            + "100 USD each on Binance COIN-M, e.g. BTCUSD_PERP with --exchange binance-coinm)")
    Double contracts;
    @Option(names = "--leverage", paramLabel = "L", required = true, description = "isolated leverage, e.g. 10 for 10x")
    double leverage;
    @Option(names = "--rate", paramLabel = "R", required = true, description = "funding rate per interval as a fraction (0.0005 = 0.05 %%)")
    double rate;
    @Option(names = "--interval", paramLabel = "8h", description = "funding interval, e.g. 8h, 4h, 1h (default: the contract's)")
    String interval;
    @Option(names = "--symbol", paramLabel = "SYMBOL", defaultValue = "BTCUSDT", description = "contract for tiers and interval (default ${DEFAULT-VALUE})")
    String symbol;
    @Option(names = "--side", paramLabel = "long|short", defaultValue = "long", description = "position side (default ${DEFAULT-VALUE}); a long pays a positive rate")
    String side;
    @Option(names = "--mark", paramLabel = "PRICE", description = "static mark price for the liquidation prices (default 60000 for BTCUSDT)")
    Double mark;
    @Option(names = "--history", paramLabel = "FILE", description = "funding-rate history (Binance CSV or GET /fapi/v1/fundingRate JSON)")
    Path history;
    @Option(names = "--drift-rows", paramLabel = "N", defaultValue = "200", description = "most drift rows to list (default ${DEFAULT-VALUE})")
    double driftRows;   // checked as given against the use case's range
    @Mixin
    TiersOption common;
    @Mixin
    TakerFeeOption fee;

    @Override
    public Integer call() {
        Integer hours = interval == null ? null : FundingUseCase.parseInterval(interval);
        FundingHistory hist = null;
        List<String> warnings = new ArrayList<>();
        if (history != null) {
            Loaded<FundingHistory> l = FundingFile.read("history", history);   // named as the option that gave it
            warnings.addAll(l.warnings());
            hist = l.data();
            io.perpguard.app.SymbolMatch.requireFunding("history", history.getFileName().toString(), hist.symbol(), symbol);
        }
        Instruments priced = fee.on(common.instruments());
        FundingUseCase.Result r = FundingUseCase.run(new FundingUseCase.Request(symbol, Side.parse("side", side), notional, qty, contracts,
                leverage, rate, hours, mark, hist, warnings, FundingUseCase.DRIFT_ROWS.check(driftRows)), priced);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, r);
        } else {
            print(out, r, priced.get(r.symbol()).contract().priceDecimals());
        }
        return 0;
    }

    /**
     * Why funding never liquidates the position: it receives funding, pays none, or pays too little to reach the
     * maintenance margin within 2^31 payments. It said "the position receives or pays nothing" — to a short receiving
     * 250 USDT a payment.
     */
    static String neverWhy(double paymentPerInterval, int decimals, String currency) {
        if (paymentPerInterval < 0) {
            return "the position receives " + Output.num(-paymentPerInterval, decimals) + " " + currency + " a payment";
        }
        return paymentPerInterval == 0 ? "the position pays nothing" : "each payment is too small to matter";
    }

    private static void print(PrintWriter out, FundingUseCase.Result c, int pd) {
        int ad = CalcCommand.amountDecimals(c.currency());
        String size = c.contractType() == io.perpguard.venue.ContractType.INVERSE && c.contracts() != null
                ? Output.num(c.contracts(), 0) + " contracts (" + Output.num(c.qty(), 0) + " USD), notional " : "notional ";
        out.printf("%s %s, %s%s %s at %sx (margin %s %s), funding %s per %dh%n", c.symbol(), c.side().label(), size, Output.num(c.notional(), ad),
                c.currency(), Checks.fmt(c.leverage()), Output.num(c.margin(), ad), c.currency(), Output.pct(c.fundingRate(), 4), c.intervalHours());
        Output.table(out, new String[]{"", c.currency(), "% of notional", "% of margin"}, List.of(
                new String[]{"per interval", Output.num(c.paymentPerInterval(), ad), Output.num(c.costPerIntervalPctOfNotional(), 4), Output.num(c.costPerIntervalPctOfMargin(), 4)},
                new String[]{"per day", Output.num(c.costPerDay(), ad), Output.num(c.costPerDayPctOfNotional(), 4), Output.num(c.costPerDayPctOfMargin(), 4)},
                new String[]{"per year", Output.num(c.costPerYear(), ad), Output.num(c.annualizedPctOfNotional(), 2), Output.num(c.annualizedPctOfMargin(), 2)}));
        out.println();
        out.printf("Funding drift at a static mark of %s (isolated): liquidation price %s at the start%n",
                Output.price(c.markPrice(), pd), Output.num(c.liquidationPriceStart(), pd));
        List<String[]> rows = new ArrayList<>();
        int n = c.drift().size();
        for (int i = 0; i < n; i++) {
            if (n > 12 && i >= 5 && i < n - 5) {
                if (i == 5) {
                    rows.add(new String[]{"...", "", "", ""});
                }
                continue;
            }
            FundingUseCase.DriftRow st = c.drift().get(i);
            rows.add(new String[]{Integer.toString(st.interval()), Output.num(st.margin(), ad), Output.num(st.liquidationPrice(), pd),
                    Output.num(st.marginRatioPct(), 2) + " %"});
        }
        Output.table(out, new String[]{"after payment", "margin " + c.currency(), "liq. price", "margin ratio"}, rows);
        out.println(c.intervalsToLiquidation() != null
                ? "  funding alone liquidates it after " + c.intervalsToLiquidation() + " payments (" + Output.num(c.daysToLiquidation(), 2) + " days)"
                : "  funding alone never liquidates it at this rate (" + neverWhy(c.paymentPerInterval(), ad, c.currency()) + ")");
        FundingUseCase.History h = c.history();
        if (h != null) {
            out.println();
            out.printf("History %s to %s: %s payments over %s days, %s%n", h.from(), h.to(), h.count(), Output.num(h.spanDays(), 2),
                    h.spacingsHours().size() == 1 ? "every " + h.intervalHours() + "h"
                            : "every " + String.join("h / ", h.spacingsHours().stream().map(String::valueOf).toList()) + "h");
            FundingUseCase.HistoryDrift dj = h.drift();
            Output.rows(out, new String[][]{
                    {"mean / median rate", Output.pct(h.meanRate(), 4) + " / " + Output.pct(h.medianRate(), 4)},
                    {"p5 / p25 / p75 / p95", Output.pct(h.p5Rate(), 4) + " / " + Output.pct(h.p25Rate(), 4) + " / "
                            + Output.pct(h.p75Rate(), 4) + " / " + Output.pct(h.p95Rate(), 4)},
                    {"positive intervals", Output.pct(h.positiveShare(), 1)},
                    {"annualised carry", Output.num(h.annualizedPctOfNotional(), 2) + " % of notional, "
                            + Output.num(h.annualizedPctOfMargin(), 2) + " % of margin"},
                    {"drift under history", dj.intervalsToLiquidation() == null
                            ? "not liquidated over " + dj.intervalsWalked() + " intervals; margin left " + Output.num(dj.marginAtEnd(), ad) + " " + c.currency()
                            : "liquidated after " + dj.intervalsToLiquidation() + " intervals (" + Output.num(dj.daysToLiquidation(), 2) + " days"
                            + (dj.liquidationTime() == null ? "" : ", at the payment of " + dj.liquidationTime()) + ")"},
            });
        }
        for (String w : c.warnings()) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
