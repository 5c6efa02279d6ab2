package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.perpguard.cascade.LeverageMix;
import io.perpguard.cascade.LiquidationMap;
import io.perpguard.cascade.OpenInterestRegime;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.OpenInterestHistory;

import io.perpguard.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code liqmap}: estimated liquidation notional by price bucket from open-interest increments × a leverage mix, and the
 * open-interest regime of each interval.
 */
public final class LiqmapUseCase {
    public static final String DEFAULT_LEVERAGE_MIX = "10:0.3,25:0.3,50:0.25,100:0.15";
    /** The cumulative table: notional within these distances of the last price, percent. */
    static final double[] WITHIN_PCT = {1, 2, 5, 10};

    private LiqmapUseCase() {
    }

    /**
     * @param symbol          tier table to use, null for the open interest's or the candles' symbol, else BTCUSDT
     * @param longShare       share of new open interest that is long (0..1)
     * @param halfLifeHours   decay half-life of the estimates
     * @param bucketPct       bucket width, percent of price
     * @param accountNotional typical position size, picks the tier
     * @param warnings        warnings of reading the inputs, passed on
     */
    public record Request(CandleSeries candles, OpenInterestHistory openInterest, String symbol, LeverageMix leverageMix, double longShare,
                          double halfLifeHours, double bucketPct, double accountNotional, List<String> warnings) {
        public Request {
            Required.value("candles", candles);
            Required.value("openInterest", openInterest);
            Required.value("leverageMix", leverageMix);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** Long notional liquidated below and short notional above the last price, within {@code withinPct}. */
    public record Cumulative(double withinPct, double longBelowUsd, double shortAboveUsd) {
    }

    public record Bucket(double priceLow, double priceHigh, double longUsd, double shortUsd) {
    }

    public record Alert(String time, OpenInterestRegime.Regime regime, double openInterestChangePct, double openInterestZScore) {
    }

    /** Intervals per regime (by lower-case name), the last interval's regime and figures, and the alerts. */
    public record Regimes(@JsonIgnore int[] counts, OpenInterestRegime.Regime last, double lastOpenInterestChangePct, double lastOpenInterestZScore,
                          double lastLeverageRatio, List<Alert> alerts) {
        @JsonAnyGetter
        public Map<String, Integer> countsByName() {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (OpenInterestRegime.Regime x : OpenInterestRegime.Regime.values()) {
                m.put(x.name().toLowerCase(Locale.ROOT), counts[x.ordinal()]);
            }
            return m;
        }
    }

    /**
     * Serialises as {@code liqmap --json} ({@code at}: the map's time, its last open-interest sample); {@code map} and
     * {@code regime} are the engines' results, for a chart. {@code symbol} and {@code tierSymbol} name the tier table the
     * liquidation distances come from; {@code candlesSymbol} the market whose candles and open interest were read, by the
     * files' names (or the open-interest records), null when neither names one.
     */
    public record Result(String symbol, String tierSymbol, String candlesSymbol, String at, double lastPrice, String leverageMix, double bucketSize, double totalLongUsd, double totalShortUsd,
                         int levelsAdded, int levelsCrossed, List<Cumulative> cumulative, List<Bucket> buckets, Regimes regimes,
                         List<String> warnings, @JsonIgnore LiquidationMap.Result map, @JsonIgnore OpenInterestRegime.Result regime) {
    }

    public static Result run(Request r, Instruments instruments) {
        CandleSeries c = r.candles();
        OpenInterestHistory h = r.openInterest();
        // the market read: the candles' symbol, else the open interest's (by the files' names or records); one market's both
        String market = !c.symbol().isBlank() ? c.symbol() : !h.symbol().isBlank() ? h.symbol() : null;
        if (!c.symbol().isBlank() && !h.symbol().isBlank() && !SymbolMatch.sameContract(c.symbol(), h.symbol())) {
            throw new InvalidInputException("oi", "the open interest is " + h.symbol() + "'s (by its file name or records) but the candles are "
                    + c.symbol() + "'s: give the candles and the open interest of one market");
        }
        String sym = r.symbol() != null ? r.symbol() : !h.symbol().isBlank() ? h.symbol() : !c.symbol().isBlank() ? c.symbol() : DefaultMarks.SYMBOL;
        // a sample at T is priced at the last traded price then (CandleSeries.priceAt): records outside the candles' span have
        // no price there and would be priced by other times' bars (a sample 4 h after the last close was "flat" at a stale price)
        long c0 = c.openTimeMs()[0], c1 = c.openTimeMs()[c.size() - 1] + c.intervalMs();
        long h0 = h.timeMs()[0], h1 = h.timeMs()[h.size() - 1];
        if (h1 < c0 || h0 > c1) {
            throw new InvalidInputException("oi", "the open-interest history (" + Instant.ofEpochMilli(h0) + " to " + Instant.ofEpochMilli(h1)
                    + ") does not overlap the candles (" + Instant.ofEpochMilli(c0) + " to " + Instant.ofEpochMilli(c1) + "); give both for one period");
        }
        List<String> warnings = new ArrayList<>(r.warnings());
        String tierSymbol = instruments.get(sym).symbol();
        if (market != null && !SymbolMatch.sameContract(market, tierSymbol)) {
            // another market's tiers on these candles (--symbol): said, not labelled as if the candles were that market's
            warnings.add("symbol: " + tierSymbol + "'s tier table stands in for " + market + "'s: the liquidation distances are "
                    + tierSymbol + "'s, the prices and open interest " + market + "'s");
        }
        h = within(h, c0, c1, warnings);
        LiquidationMap.Settings s = new LiquidationMap.Settings(r.leverageMix(), r.longShare(), r.halfLifeHours(), r.bucketPct(),
                r.accountNotional(), true);
        LiquidationMap.Result m = LiquidationMap.build(c, h, instruments.get(sym).tiers(), s);
        OpenInterestRegime.Result reg = OpenInterestRegime.classify(c, h, OpenInterestRegime.Settings.DEFAULT);
        // prices at the tick of the market read (BTCUSDT's 0.1 under ETHUSDT's tiers), the tier table's when it is not listed
        Contract contract = priceContract(market, sym, instruments);
        List<Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < m.bucketLow().length; b++) {
            if (m.longUsd()[b] > 0 || m.shortUsd()[b] > 0) {
                buckets.add(new Bucket(contract.nearestTick(m.bucketLow()[b]), contract.nearestTick(m.bucketLow()[b] + m.bucketSize()),
                        m.longUsd()[b], m.shortUsd()[b]));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < reg.size(); i++) {
            if (reg.alert()[i]) {
                alerts.add(new Alert(Instant.ofEpochMilli(reg.timeMs()[i]).toString(), reg.regime()[i], reg.oiChangePct()[i], reg.oiZScore()[i]));
            }
        }
        int last = reg.size() - 1;
        Regimes regimes = new Regimes(reg.counts(), reg.regime()[last], reg.oiChangePct()[last], reg.oiZScore()[last],
                reg.leverageRatio()[last], alerts);
        // the map is as of its last open-interest sample: the table says so ("liquidation map at …"), the JSON did not
        String at = Instant.ofEpochMilli(m.atMs()).toString();
        return new Result(tierSymbol, tierSymbol, market, at, m.lastPrice(), r.leverageMix().toString(), m.bucketSize(), m.totalLongUsd(), m.totalShortUsd(),
                m.levelsAdded(), m.levelsCrossed(), cumulative(m), buckets, regimes, warnings, m, reg);
    }

    /** The contract whose tick the map's prices are at: the market read when listed, else the tier table's. */
    public static Contract priceContract(String market, String tierSymbol, Instruments instruments) {
        if (market != null && instruments.contains(market)) {
            try {
                return instruments.get(market).contract();
            } catch (InvalidInputException e) {
                // listed without a tier table here: its tick is not known, the tier table's is used
            }
        }
        return instruments.get(tierSymbol).contract();
    }

    /** True when the tier table is another contract's than the candles' ({@code --symbol}): the output names both. */
    public static boolean tiersStandIn(Result r) {
        return r.candlesSymbol() != null && !SymbolMatch.sameContract(r.candlesSymbol(), r.tierSymbol());
    }

    /** The samples from {@code from} to {@code to} (the candles' first open and last close); a warning names what was left out. */
    static OpenInterestHistory within(OpenInterestHistory h, long from, long to, List<String> warnings) {
        long[] t = h.timeMs();
        int a = 0, b = t.length;
        while (a < b && t[a] < from) {
            a++;
        }
        while (b > a && t[b - 1] > to) {
            b--;
        }
        if (a > 0) {
            warnings.add("oi: " + a + " open-interest sample" + (a == 1 ? "" : "s") + " before the candles' first open " + Instant.ofEpochMilli(from)
                    + " (from " + Instant.ofEpochMilli(t[0]) + ") left out: no price there");
        }
        if (b < t.length) {
            int k = t.length - b;
            warnings.add("oi: " + k + " open-interest sample" + (k == 1 ? "" : "s") + " after the candles' last close " + Instant.ofEpochMilli(to)
                    + " (to " + Instant.ofEpochMilli(t[t.length - 1]) + ") left out: no price there");
        }
        if (a == 0 && b == t.length) {
            return h;
        }
        return new OpenInterestHistory(h.symbol(), Arrays.copyOfRange(t, a, b), Arrays.copyOfRange(h.openInterest(), a, b),
                Arrays.copyOfRange(h.openInterestValue(), a, b));
    }

    /** Cumulative long notional below and short notional above the last price within 1, 2, 5 and 10 %. */
    static List<Cumulative> cumulative(LiquidationMap.Result r) {
        List<Cumulative> out = new ArrayList<>(WITHIN_PCT.length);
        for (double pct : WITHIN_PCT) {
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
            out.add(new Cumulative(pct, l, s));
        }
        return out;
    }
}
