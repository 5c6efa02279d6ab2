package io.perpguard.cli;

import io.perpguard.app.LiqmapUseCase;
import io.perpguard.cascade.LeverageMix;
import io.perpguard.cascade.LiquidationMap;
import io.perpguard.cascade.OpenInterestRegime;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.market.OpenInterestFile;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;
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

/** {@code perpguard liqmap}: estimated liquidation levels from candles and open interest, with OI regimes. */
@Command(name = "liqmap", header = "Estimates where leveraged positions would be liquidated, from open-interest increments.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimated liquidation notional by price bucket (long below, short above) from open-interest increments",
                "at each bar's price × a leverage mix, with real tier tables; decays old estimates and drops crossed levels.",
                "Also classifies each OI interval (new leverage, short covering, new shorts, deleveraging)."})
public final class LiqmapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candles", required = true, paramLabel = "FILE", description = "Binance kline CSV")
    Path candles;
    @Option(names = "--oi", required = true, paramLabel = "FILE", description = "open-interest history CSV or JSON")
    Path oi;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "tier table to use (default: from the file name, else BTCUSDT)")
    String symbol;
    @Option(names = "--leverage-mix", paramLabel = "L:W,...", defaultValue = "10:0.3,25:0.3,50:0.25,100:0.15",
            description = "leverage distribution of new positions (default ${DEFAULT-VALUE})")
    String leverageMix;
    @Option(names = "--long-share", paramLabel = "F", defaultValue = "0.5", description = "share of new OI that is long (default 0.5)")
    double longShare;
    @Option(names = "--half-life-hours", paramLabel = "H", defaultValue = "168", description = "decay half-life of estimates (default 168 h)")
    double halfLife;
    @Option(names = "--bucket-pct", paramLabel = "PCT", defaultValue = "0.25", description = "bucket width, percent of price (default 0.25)")
    double bucketPct;
    @Option(names = "--account-notional", paramLabel = "USDT", defaultValue = "10000", description = "typical position size in USDT, picks the tier (default ${DEFAULT-VALUE})")
    double accountNotional;
    @Option(names = "--svg", paramLabel = "OUT.svg", description = "write the heat map as SVG")
    Path svg;
    @Option(names = "--png", paramLabel = "OUT.png", description = "write the heat map as PNG")
    Path png;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (svg != null) {
            LiqmapChart.requireWritable("svg", svg);
        }
        if (png != null) {
            LiqmapChart.requireWritable("png", png);
        }
        Loaded<CandleSeries> lc = CandleCsv.read(candles);
        Loaded<OpenInterestHistory> lo = OpenInterestFile.read(oi);
        List<String> warnings = new ArrayList<>(lc.warnings());
        warnings.addAll(lo.warnings());
        LeverageMix mix = LeverageMix.parse("leverage-mix", leverageMix);
        LiqmapUseCase.Result result;
        try {
            result = LiqmapUseCase.run(new LiqmapUseCase.Request(lc.data(), lo.data(), symbol, mix, longShare, halfLife, bucketPct,
                    accountNotional, warnings), common.instruments());
        } catch (io.perpguard.InvalidInputException e) {
            // each class of the mix is priced at --account-notional: a notional above the tiers, or a class's leverage above the
            // bracket of that notional, named "notional" and "leverage", options liqmap does not have
            throw e.field().equals("notional") ? new io.perpguard.InvalidInputException("account-notional", e.problem())
                    : e.field().equals("leverage") ? new io.perpguard.InvalidInputException("leverage-mix", e.problem()) : e;
        }
        if (svg != null || png != null) {
            var chart = LiqmapChart.chart(result.map(), result.regime().price(), label(result));
            if (svg != null) {
                LiqmapChart.svg(chart, svg);
            }
            if (png != null) {
                LiqmapChart.png(chart, png);
            }
        }
        if (common.json()) {
            Output.json(out, result);
        } else {
            print(out, result, LiqmapUseCase.priceContract(result.candlesSymbol(), result.tierSymbol(), common.instruments()).priceDecimals());
        }
        return 0;
    }

    /**
     * What the map is of: the symbol, or the market read and the tier table used when they are not one contract's ("BTCUSDT
     * candles with ETHUSDT's tiers:"), or the tier table on candles whose file names no symbol.
     */
    static String label(LiqmapUseCase.Result r) {
        return r.candlesSymbol() == null ? r.tierSymbol() + " tiers on candles that name no symbol:"
                : LiqmapUseCase.tiersStandIn(r) ? r.candlesSymbol() + " candles with " + r.tierSymbol() + "'s tiers:" : r.tierSymbol();
    }

    private static void print(PrintWriter out, LiqmapUseCase.Result result, int pd) {
        LiquidationMap.Result r = result.map();
        OpenInterestRegime.Result reg = result.regime();
        out.printf("%s liquidation map at %s (last %s)%n", label(result), result.at(), Output.num(r.lastPrice(), pd));
        List<String[]> rows = new ArrayList<>();
        for (LiqmapUseCase.Cumulative c : result.cumulative()) {
            rows.add(new String[]{"±" + Output.num(c.withinPct(), 0) + " %",
                    Output.num(c.longBelowUsd() / 1e6, 1) + " M", Output.num(c.shortAboveUsd() / 1e6, 1) + " M"});
        }
        Output.table(out, new String[]{"within", "long liq. below", "short liq. above"}, rows);
        List<String[]> top = new ArrayList<>();
        List<LiqmapUseCase.Bucket> largest = new ArrayList<>(result.buckets());
        largest.sort((a, b) -> Double.compare(b.longUsd() + b.shortUsd(), a.longUsd() + a.shortUsd()));
        for (LiqmapUseCase.Bucket b : largest.subList(0, Math.min(8, largest.size()))) {
            top.add(new String[]{Output.num(b.priceLow(), pd) + "–" + Output.num(b.priceHigh(), pd),
                    Output.num(b.longUsd() / 1e6, 2) + " M", Output.num(b.shortUsd() / 1e6, 2) + " M"});
        }
        out.println();
        out.println("  largest clusters");
        Output.table(out, new String[]{"price", "long", "short"}, top);
        int[] counts = reg.counts();
        out.println();
        out.printf("  OI regimes: new leverage %d, short covering %d, new shorts %d, deleveraging %d, flat %d; last: %s%n",
                counts[0], counts[1], counts[2], counts[3], counts[4], reg.regime()[reg.size() - 1].name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        int alerts = 0;
        for (boolean a : reg.alert()) {
            alerts += a ? 1 : 0;
        }
        out.printf("  OI alerts (|z| ≥ 2.5 or |ROC| ≥ 5 %%): %d%n", alerts);
        out.println("  Estimates from OI flow: levels show where liquidations may start, not how much will print.");
        for (String w : result.warnings()) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
