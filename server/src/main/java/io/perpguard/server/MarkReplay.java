package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.checklist.MarketContext;
import io.perpguard.market.CandleSeries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Recorded real marks to replay: hourly Binance USDT-M perpetual bars (high, low, close) of BTC, ETH and SOL from
 * 2025-10-06 to 2025-10-19, including the 2025-10-10 crash (resource {@code marks-2025-10-06_2025-10-19.csv},
 * provenance in its header). The close stands in for the mark price.
 */
public final class MarkReplay {
    static final String BUNDLED = "/io/perpguard/server/marks-2025-10-06_2025-10-19.csv";
    static final String BUNDLED_FUNDING = "/io/perpguard/server/funding-2025-10-06_2025-10-19.csv";

    /** One symbol's bars on the replay's time axis; NaN where the symbol has no bar. */
    record Series(double[] high, double[] low, double[] close) {
    }

    private final long[] times;
    private final Map<String, Series> bySymbol;
    /** Recorded funding per symbol: times (ascending) and rates; a symbol without a record has unknown funding. */
    private final Map<String, long[]> fundingTimes = new LinkedHashMap<>();
    private final Map<String, double[]> fundingRates = new LinkedHashMap<>();
    /** The last {@link #history} per symbol: the bars change once per replayed hour, checks ask on every request. */
    private final Map<String, History> recent = new java.util.concurrent.ConcurrentHashMap<>();

    private record History(int step, int max, MarketContext bars) {
    }

    MarkReplay(long[] times, Map<String, Series> bySymbol) {
        this.times = times;
        this.bySymbol = bySymbol;
    }

    /** The bundled replay, with its recorded funding rates. */
    public static MarkReplay bundled() {
        MarkReplay r = parse(resource(BUNDLED));
        r.addFunding(resource(BUNDLED_FUNDING));
        return r;
    }

    private static List<String> resource(String name) {
        try (InputStream in = MarkReplay.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** Adds recorded funding: {@code funding_time,symbol,funding_rate} lines ({@code #} comments and the header skipped). */
    void addFunding(List<String> lines) {
        Map<String, List<double[]>> by = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("funding_time")) {
                continue;
            }
            String[] f = line.split(",");
            by.computeIfAbsent(f[1].trim(), k -> new ArrayList<>()).add(new double[]{Long.parseLong(f[0].trim()), Double.parseDouble(f[2])});
        }
        for (var e : by.entrySet()) {
            List<double[]> rows = e.getValue();
            rows.sort((a, b) -> Double.compare(a[0], b[0]));
            fundingTimes.put(e.getKey(), rows.stream().mapToLong(x -> (long) x[0]).toArray());
            fundingRates.put(e.getKey(), rows.stream().mapToDouble(x -> x[1]).toArray());
        }
    }

    /** The last recorded funding rate of {@code symbol} at or before {@code timeMs} (fraction per interval); NaN when unknown. */
    public double fundingRateAt(String symbol, long timeMs) {
        MarkSource.RecordedFunding f = fundingAt(symbol, timeMs);
        return f == null ? Double.NaN : f.fundingRate();
    }

    /**
     * The last recorded funding of {@code symbol} at or before {@code timeMs}: its rate, when it was settled, and the
     * next payment at or after {@code timeMs} on the record's own interval (the last two records' spacing, to the minute;
     * Binance's 8 h); null when the record has none.
     */
    MarkSource.RecordedFunding fundingAt(String symbol, long timeMs) {
        long[] t = fundingTimes.get(symbol);
        if (t == null) {
            return null;
        }
        int i = Arrays.binarySearch(t, timeMs);
        int at = i >= 0 ? i : -i - 2;
        if (at < 0) {
            return null;
        }
        long minute = 60_000L;
        long interval = t.length > 1 ? Math.round((double) (t[Math.max(at, 1)] - t[Math.max(at, 1) - 1]) / minute) * minute : 0;
        long next = 0;
        if (interval > 0) {
            next = (t[at] + interval) / minute * minute;
            while (next < timeMs) {   // a payment at the mark's own time is still to be recorded (Binance's come a millisecond late)
                next += interval;
            }
        }
        return new MarkSource.RecordedFunding(fundingRates.get(symbol)[at], t[at], next, FUNDING_SOURCE);
    }

    /** What the bundled funding record is, as the page and the API name it. */
    static final String FUNDING_SOURCE = "recorded Binance USDT-M funding bundled with the replay";

    /** Parses {@code open_time,symbol,high,low,close} lines ({@code #} comments and the header skipped). */
    static MarkReplay parse(List<String> lines) {
        record Row(long t, String s, double h, double l, double c) {
        }
        List<Row> rows = new ArrayList<>();
        TreeSet<Long> timeSet = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("open_time")) {
                continue;
            }
            String[] f = line.split(",");
            Row r = new Row(Long.parseLong(f[0].trim()), f[1].trim(), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]));
            rows.add(r);
            timeSet.add(r.t());
        }
        long[] times = timeSet.stream().mapToLong(Long::longValue).toArray();
        Map<String, Series> m = new LinkedHashMap<>();
        for (Row r : rows) {
            Series s = m.computeIfAbsent(r.s(), k -> new Series(nan(times.length), nan(times.length), nan(times.length)));
            int i = Arrays.binarySearch(times, r.t());
            s.high()[i] = r.h();
            s.low()[i] = r.l();
            s.close()[i] = r.c();
        }
        return new MarkReplay(times, m);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Number of steps. */
    public int size() {
        return times.length;
    }

    /** Open time of step {@code i}, epoch ms UTC. */
    public long time(int i) {
        return times[i];
    }

    /**
     * A few hours before the replay's largest hourly fall of any symbol (previous close to the hour's low): where
     * "jump to the crash" lands, so the fall itself is seen step by step.
     */
    public int crashIndex() {
        if (crashIndex < 0) {
            crashIndex = findCrash();
        }
        return crashIndex;
    }

    private int crashIndex = -1;

    private int findCrash() {
        int best = 0;
        double worst = 0;
        for (Series s : bySymbol.values()) {
            double prev = Double.NaN;
            for (int i = 0; i < times.length; i++) {
                double c = s.close()[i];
                if (Double.isNaN(c)) {
                    continue;
                }
                double move = prev / s.low()[i] - 1;   // the hour's fall from the previous close to its low
                if (move > worst) {
                    worst = move;
                    best = i;
                }
                prev = c;
            }
        }
        return Math.max(0, best - 3);
    }

    /** Symbols in the replay. */
    public List<String> symbols() {
        return List.copyOf(bySymbol.keySet());
    }

    /** Each symbol's last close at or before step {@code i}. */
    public Map<String, Double> marksAt(int i) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : bySymbol.entrySet()) {
            double[] c = e.getValue().close();
            for (int k = i; k >= 0; k--) {
                if (!Double.isNaN(c[k])) {
                    out.put(e.getKey(), c[k]);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The symbol's bars up to and including step {@code i} (at most {@code max}), oldest first; NONE when unknown. The
     * arrays are shared with other callers of the same step: read them, never write.
     */
    public MarketContext history(String symbol, int i, int max) {
        History h = recent.get(symbol);
        if (h != null && h.step() == i && h.max() == max) {
            return h.bars();
        }
        Series s = bySymbol.get(symbol);
        if (s == null) {
            return MarketContext.NONE;
        }
        MarketContext bars = bars(s, i, max);
        recent.put(symbol, new History(i, max, bars));
        return bars;
    }

    private static MarketContext bars(Series s, int i, int max) {
        double[] close = s.close();
        int n = 0, from = i + 1; // the newest max bars with a close, found walking back from i
        while (from > 0 && n < max) {
            if (!Double.isNaN(close[--from])) {
                n++;
            }
        }
        if (n == 0) {
            return MarketContext.NONE;
        }
        double[] h = new double[n], l = new double[n], c = new double[n];
        for (int k = from, j = 0; j < n; k++) {
            if (!Double.isNaN(close[k])) {
                h[j] = s.high()[k];
                l[j] = s.low()[k];
                c[j++] = close[k];
            }
        }
        return new MarketContext(h, l, c);
    }

    /** The symbol's replayed hourly bars as candles (open = previous close within the bar's range; no volume), for the Monte Carlo bootstrap and stops. */
    public CandleSeries candles(String symbol) {
        Series s = bySymbol.get(symbol);
        if (s == null) {
            throw new InvalidInputException("symbol", symbol + " is not in the replay (" + String.join(", ", symbols()) + ")");
        }
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            if (!Double.isNaN(s.close()[k])) {
                idx.add(k);
            }
        }
        int n = idx.size();
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n];
        for (int k = 0; k < n; k++) {
            int i = idx.get(k);
            t[k] = times[i];
            c[k] = s.close()[i];
            h[k] = s.high()[i];
            l[k] = s.low()[i];
            // the excerpt has no opens: the previous close, kept inside the bar's range (a gap opens at the range's edge)
            o[k] = k == 0 ? c[k] : Math.max(l[k], Math.min(h[k], c[k - 1]));
        }
        return new CandleSeries(symbol, t, o, h, l, c, new double[n]);
    }
}
