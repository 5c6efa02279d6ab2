package io.perpguard.data.market;

import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads candles: Binance's public-archive kline CSV ({@code open_time, open, high, low, close, volume, close_time,
 * quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore}, with or without header, open time in ms
 * or µs) and generic OHLCV CSV with a header ({@code time|open_time|timestamp|date, open, high, low, close, volume}).
 * Gaps and duplicate timestamps are reported as warnings, never filled; a row that breaks OHLC logic is an error.
 */
public final class CandleCsv {
    /** Rows printed individually before the gap list is summarised. */
    private static final int MAX_LISTED = 20;

    private CandleCsv() {
    }

    public static Loaded<CandleSeries> read(Path file) {
        CsvTable t = CsvTable.read("candles", file);
        int ct = t.column("time", 0, "open_time", "time", "timestamp", "date", "datetime", "open time");
        int co = t.column("open", 1, "open");
        int ch = t.column("high", 2, "high");
        int cl = t.column("low", 3, "low");
        int cc = t.column("close", 4, "close");
        int cv = t.column("volume", 5, "volume");
        int n = t.rows.size();
        long[] time = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        List<String> warnings = new ArrayList<>();
        int m = 0;
        int dups = 0;
        for (int r = 0; r < n; r++) {
            long ts = t.time(r, ct, "open time");
            double op = price(t, r, co, "open"), hi = price(t, r, ch, "high"), lo = price(t, r, cl, "low"), cl2 = price(t, r, cc, "close");
            double vol = t.number(r, cv, "volume");
            if (hi < Math.max(op, cl2) || lo > Math.min(op, cl2) || lo > hi) {
                throw t.bad(r, "high " + fmt(hi) + " / low " + fmt(lo) + " do not contain open " + fmt(op) + " and close " + fmt(cl2));
            }
            if (vol < 0) {
                throw t.bad(r, "volume " + fmt(vol) + " must be 0 or more");
            }
            if (vol * cl2 > io.perpguard.InputBounds.MAX_TRADED_VALUE) {   // 1e300 was read and summed into volume nodes
                throw t.bad(r, "volume " + fmt(vol) + " is outside the allowed range: 0 to " + fmt(io.perpguard.InputBounds.MAX_TRADED_VALUE / cl2)
                        + " (a traded value of at most " + fmt(io.perpguard.InputBounds.MAX_TRADED_VALUE) + " at close " + fmt(cl2) + ")");
            }
            if (m > 0 && ts == time[m - 1]) {
                dups++;
                if (dups <= MAX_LISTED) {
                    warnings.add("duplicate candle at " + Instant.ofEpochMilli(ts) + " (line " + t.lineNumbers.get(r) + "): kept the first");
                }
                continue;
            }
            if (m > 0 && ts < time[m - 1]) {
                throw t.bad(r, "open time " + Instant.ofEpochMilli(ts) + " is earlier than the previous row's " + Instant.ofEpochMilli(time[m - 1]));
            }
            time[m] = ts;
            o[m] = op;
            h[m] = hi;
            l[m] = lo;
            c[m] = cl2;
            v[m] = vol;
            m++;
        }
        if (dups > MAX_LISTED) {
            warnings.add((dups - MAX_LISTED) + " more duplicate candles");
        }
        CandleSeries s = new CandleSeries(symbolFromName(file), Arrays.copyOf(time, m), Arrays.copyOf(o, m), Arrays.copyOf(h, m),
                Arrays.copyOf(l, m), Arrays.copyOf(c, m), Arrays.copyOf(v, m));
        warnings.addAll(gaps(s.openTimeMs(), s.intervalMs(), "candle"));
        return new Loaded<>(s, warnings);
    }

    /**
     * A candle's price, named with its column: above 0 and at most {@link io.perpguard.InputBounds#MAX_PRICE}, the bound of
     * every price — a high of 1e300 was read and printed an ATR of 6.4·10²⁹⁶; a 0 was "prices must be greater than 0",
     * naming none.
     */
    private static double price(CsvTable t, int r, int col, String what) {
        double v = t.number(r, col, what);
        if (v <= 0) {
            throw t.bad(r, what + " " + fmt(v) + " must be greater than 0");
        }
        if (v > io.perpguard.InputBounds.MAX_PRICE) {
            throw t.bad(r, what + " " + fmt(v) + " is outside the allowed range: above 0, at most " + fmt(io.perpguard.InputBounds.MAX_PRICE));
        }
        return v;
    }

    private static String fmt(double v) {
        return io.perpguard.Checks.fmt(v);
    }

    /** Lists the gaps: where consecutive times are more than one interval apart (the last time before each gap). */
    static List<String> gaps(long[] time, long interval, String what) {
        return interval <= 0 ? new ArrayList<>() : gaps(time, i -> interval, what);
    }

    /** Gaps longer than {@code intervalAt.applyAsLong(i)}, the spacing expected before row i (a funding history's can change). */
    static List<String> gaps(long[] time, java.util.function.IntToLongFunction intervalAt, String what) {
        List<String> out = new ArrayList<>();
        int count = 0;
        long missing = 0;
        for (int i = 1; i < time.length; i++) {
            long interval = intervalAt.applyAsLong(i);
            long d = time[i] - time[i - 1];
            // tolerate jitter of up to a quarter interval (funding times drift by a few ms)
            if (d > interval + interval / 4) {
                long miss = Math.round((double) d / interval) - 1;
                count++;
                missing += miss;
                if (count <= MAX_LISTED) {
                    out.add("gap after " + Instant.ofEpochMilli(time[i - 1]) + ": " + miss + " missing " + what + (miss == 1 ? "" : "s")
                            + " (next at " + Instant.ofEpochMilli(time[i]) + ")");
                }
            }
        }
        if (count > MAX_LISTED) {
            out.add((count - MAX_LISTED) + " more gaps");
        }
        if (count > 0) {
            out.add(count + " gap" + (count == 1 ? "" : "s") + ", " + missing + " missing " + what + (missing == 1 ? "" : "s") + " in all (not filled)");
        }
        return out;
    }

    /** BTCUSDT from names like {@code BTCUSDT-1h-futures-2023.csv}; empty when the name does not start with a symbol. */
    static String symbolFromName(Path file) {
        String name = file.getFileName().toString().toUpperCase(Locale.ROOT);
        int cut = name.indexOf('-');
        if (cut < 0) {
            cut = name.indexOf('_');
        }
        String head = cut > 0 ? name.substring(0, cut) : "";
        return head.matches("[A-Z0-9]{2,20}(USDT|USDC|BUSD|USD)") ? head : "";
    }

    /** Reads and fails on nothing else: convenience for callers that print the warnings themselves. */
    public static CandleSeries readSeries(Path file) {
        return read(file).data();
    }

}
