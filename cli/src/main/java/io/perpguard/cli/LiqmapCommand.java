package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.LeverageMix;
import io.perpguard.cascade.LiquidationMap;
import io.perpguard.cascade.OpenInterestRegime;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.market.OpenInterestFile;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;
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
        Loaded<CandleSeries> lc = CandleCsv.read(candles);
        Loaded<OpenInterestHistory> lo = OpenInterestFile.read(oi);
        CandleSeries c = lc.data();
        OpenInterestHistory h = lo.data();
        Instruments instruments = common.instruments();
        String sym = symbol != null ? symbol : !h.symbol().isBlank() ? h.symbol() : !c.symbol().isBlank() ? c.symbol() : "BTCUSDT";
        LeverageMix mix = LeverageMix.parse("leverage-mix", leverageMix);
        LiquidationMap.Settings s = new LiquidationMap.Settings(mix, longShare, halfLife, bucketPct, accountNotional, true);
        LiquidationMap.Result r = LiquidationMap.build(c, h, instruments.get(sym).tiers(), s);
        OpenInterestRegime.Result reg = OpenInterestRegime.classify(c, h, OpenInterestRegime.Settings.DEFAULT);
        if (svg != null || png != null) {
            var chart = LiqmapChart.chart(r, reg.price());
            if (svg != null) {
                LiqmapChart.svg(chart, svg);
            }
            if (png != null) {
                LiqmapChart.png(chart, png);
            }
        }
        List<String> warnings = new ArrayList<>(lc.warnings());
        warnings.addAll(lo.warnings());
        if (common.json()) {
            Output.json(out, json(r, reg, mix, warnings));
        } else {
            print(out, r, reg, warnings);
        }
        return 0;
    }

    static Map<String, Object> json(LiquidationMap.Result r, OpenInterestRegime.Result reg, LeverageMix mix, List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", r.symbol());
        m.put("lastPrice", r.lastPrice());
        m.put("leverageMix", mix.toString());
        m.put("bucketSize", r.bucketSize());
        m.put("totalLongUsd", r.totalLongUsd());
        m.put("totalShortUsd", r.totalShortUsd());
        m.put("levelsAdded", r.levelsAdded());
        m.put("levelsCrossed", r.levelsCrossed());
        m.put("cumulative", cumulative(r));
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (int b = 0; b < r.bucketLow().length; b++) {
            if (r.longUsd()[b] > 0 || r.shortUsd()[b] > 0) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("priceLow", r.bucketLow()[b]);
                j.put("priceHigh", r.bucketLow()[b] + r.bucketSize());
                j.put("longUsd", r.longUsd()[b]);
                j.put("shortUsd", r.shortUsd()[b]);
                buckets.add(j);
            }
        }
        m.put("buckets", buckets);
        Map<String, Object> rg = new LinkedHashMap<>();
        int[] counts = reg.counts();
        for (OpenInterestRegime.Regime x : OpenInterestRegime.Regime.values()) {
            rg.put(x.name().toLowerCase(java.util.Locale.ROOT), counts[x.ordinal()]);
        }
        int last = reg.size() - 1;
        rg.put("last", reg.regime()[last]);
        rg.put("lastOiChangePct", reg.oiChangePct()[last]);
        rg.put("lastOiZScore", reg.oiZScore()[last]);
        rg.put("lastLeverageRatio", reg.leverageRatio()[last]);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (int i = 0; i < reg.size(); i++) {
            if (reg.alert()[i]) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("time", Instant.ofEpochMilli(reg.timeMs()[i]).toString());
                a.put("regime", reg.regime()[i]);
                a.put("oiChangePct", reg.oiChangePct()[i]);
                a.put("oiZScore", reg.oiZScore()[i]);
                alerts.add(a);
            }
        }
        rg.put("alerts", alerts);
        m.put("regimes", rg);
        m.put("warnings", warnings);
        return m;
    }

    /** Cumulative long notional below and short notional above the last price within 1, 2, 5 and 10 %. */
    static List<Map<String, Object>> cumulative(LiquidationMap.Result r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (double pct : new double[]{1, 2, 5, 10}) {
            double lo = r.lastPrice() * (1 - pct / 100), hi = r.lastPrice() * (1 + pct / 100);
            double l = 0, s = 0;
            for (int b = 0; b < r.bucketLow().length; b++) {
                double mid = r.bucketLow()[b] + r.bucketSize() / 2;
                if (mid >= lo && mid <= r.lastPrice()) {
                    l += r.longUsd()[b];
                }
                if (mid <= hi && mid >= r.lastPrice()) {
                    s += r.shortUsd()[b];
                }
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("withinPct", pct);
            j.put("longBelowUsd", l);
            j.put("shortAboveUsd", s);
            out.add(j);
        }
        return out;
    }

    private static void print(PrintWriter out, LiquidationMap.Result r, OpenInterestRegime.Result reg, List<String> warnings) {
        out.printf("%s liquidation map at %s (last %s)%n", r.symbol(), Instant.ofEpochMilli(r.timeMs()[r.timeMs().length - 1]),
                Output.num(r.lastPrice(), 2));
        List<String[]> rows = new ArrayList<>();
        for (Map<String, Object> c : cumulative(r)) {
            rows.add(new String[]{"±" + Output.num((double) c.get("withinPct"), 0) + " %",
                    Output.num((double) c.get("longBelowUsd") / 1e6, 1) + " M", Output.num((double) c.get("shortAboveUsd") / 1e6, 1) + " M"});
        }
        Output.table(out, new String[]{"within", "long liq. below", "short liq. above"}, rows);
        List<String[]> top = new ArrayList<>();
        Integer[] idx = new Integer[r.bucketLow().length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(r.longUsd()[b] + r.shortUsd()[b], r.longUsd()[a] + r.shortUsd()[a]));
        for (int k = 0; k < Math.min(8, idx.length); k++) {
            int b = idx[k];
            if (r.longUsd()[b] + r.shortUsd()[b] <= 0) {
                break;
            }
            top.add(new String[]{Output.num(r.bucketLow()[b], 2) + "–" + Output.num(r.bucketLow()[b] + r.bucketSize(), 2),
                    Output.num(r.longUsd()[b] / 1e6, 2) + " M", Output.num(r.shortUsd()[b] / 1e6, 2) + " M"});
        }
        out.println();
        out.println("  largest clusters");
        Output.table(out, new String[]{"price", "long", "short"}, top);
        int[] counts = reg.counts();
        out.println();
        out.printf("  OI regimes: new leverage %d, short covering %d, new shorts %d, deleveraging %d, flat %d; last: %s%n",
                counts[0], counts[1], counts[2], counts[3], counts[4], reg.regime()[reg.size() - 1].name().toLowerCase(java.util.Locale.ROOT));
        int alerts = 0;
        for (boolean a : reg.alert()) {
            alerts += a ? 1 : 0;
        }
        out.printf("  OI alerts (|z| ≥ 2.5 or |ROC| ≥ 5 %%): %d%n", alerts);
        out.println("  Estimates from OI flow: levels show where liquidations may start, not how much will print.");
        for (String w : warnings) {
            out.println("  warning: " + w);
        }
        out.flush();
    }
}
