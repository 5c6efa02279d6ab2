package io.perpguard.data.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.market.OpenInterestHistory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads open-interest history: CSV {@code timestamp, sum_open_interest, sum_open_interest_value} (the data archive's
 * metrics and this project's files) or the JSON of Binance {@code GET /futures/data/openInterestHist}
 * ({@code [{symbol, sumOpenInterest, sumOpenInterestValue, timestamp}]}).
 */
public final class OpenInterestFile {
    private OpenInterestFile() {
    }

    public static Loaded<OpenInterestHistory> read(Path file) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return readJson(file);
        }
        CsvTable t = CsvTable.read("oi", file);
        int ct = t.column("time", 0, "timestamp", "create_time", "time");
        int co = t.column("open interest", 1, "sum_open_interest", "sumopeninterest", "open_interest");
        int cv = t.column("open interest value", 2, "sum_open_interest_value", "sumopeninterestvalue", "open_interest_value");
        int n = t.rows.size();
        long[] time = new long[n];
        double[] oi = new double[n], val = new double[n];
        List<String> warnings = new ArrayList<>();
        int m = 0;
        for (int r = 0; r < n; r++) {
            long ts = t.time(r, ct, "timestamp");
            if (m > 0 && ts <= time[m - 1]) {
                if (ts == time[m - 1]) {
                    warnings.add("duplicate open-interest sample at line " + t.lineNumbers.get(r) + ": kept the first");
                    continue;
                }
                throw t.bad(r, "timestamp goes backwards");
            }
            time[m] = ts;
            oi[m] = t.number(r, co, "open interest");
            val[m] = t.number(r, cv, "open interest value");
            String wrong = outOfRange(oi[m], val[m]);
            if (wrong != null) {
                throw t.bad(r, wrong);
            }
            m++;
        }
        return finish(CandleCsv.symbolFromName(file), Arrays.copyOf(time, m), Arrays.copyOf(oi, m), Arrays.copyOf(val, m), warnings);
    }

    private static Loaded<OpenInterestHistory> readJson(Path file) {
        JsonNode root = JsonInput.readFile("oi", file);
        if (!root.isArray()) {
            throw new InvalidInputException("oi", file + ": expected the JSON array of GET /futures/data/openInterestHist");
        }
        int n = root.size();
        long[] time = new long[n];
        double[] oi = new double[n], val = new double[n];
        String symbol = "";
        for (int i = 0; i < n; i++) {
            String p = "oi[" + i + "]";
            JsonNode e = JsonInput.object(root.get(i), p);
            time[i] = io.perpguard.data.json.EpochTime.millis(p + ".timestamp", JsonInput.number(e, "timestamp", p + ".timestamp"),
                    System.currentTimeMillis(), io.perpguard.data.json.EpochTime.FUTURE_SLACK_MS);
            oi[i] = JsonInput.number(e, "sumOpenInterest", p + ".sumOpenInterest");
            val[i] = JsonInput.number(e, "sumOpenInterestValue", p + ".sumOpenInterestValue");
            symbol = JsonInput.text(e, "symbol", p + ".symbol", symbol);
            String wrong = outOfRange(oi[i], val[i]);
            if (wrong != null) {   // a negative or 1e300 open interest was read as it stood
                throw new InvalidInputException(p + (wrong.startsWith("open interest value") ? ".sumOpenInterestValue" : ".sumOpenInterest"),
                        file + ": " + wrong);
            }
            if (i > 0 && time[i] <= time[i - 1]) {
                throw new InvalidInputException(p + ".timestamp", "does not increase");
            }
        }
        return finish(symbol, time, oi, val, new ArrayList<>());
    }

    /**
     * What is wrong with a sample's figures, or null: open interest is 0 to {@link io.perpguard.InputBounds#MAX_QTY} base
     * units (a quantity), its value 0 to {@link io.perpguard.InputBounds#MAX_TRADED_VALUE} in the quote currency. Names
     * the column and the value ("open interest is negative" named neither).
     */
    static String outOfRange(double oi, double value) {
        if (oi < 0 || oi > io.perpguard.InputBounds.MAX_QTY) {
            return "open interest " + io.perpguard.Checks.fmt(oi) + (oi < 0 ? " must be 0 or more" : " is outside the allowed range: 0 to "
                    + io.perpguard.Checks.fmt(io.perpguard.InputBounds.MAX_QTY) + " units");
        }
        if (value < 0 || value > io.perpguard.InputBounds.MAX_TRADED_VALUE) {
            return "open interest value " + io.perpguard.Checks.fmt(value) + (value < 0 ? " must be 0 or more" : " is outside the allowed range: 0 to "
                    + io.perpguard.Checks.fmt(io.perpguard.InputBounds.MAX_TRADED_VALUE));
        }
        return null;
    }

    private static Loaded<OpenInterestHistory> finish(String symbol, long[] t, double[] oi, double[] v, List<String> warnings) {
        if (t.length == 0) {
            throw new InvalidInputException("oi", "no open-interest rows");
        }
        OpenInterestHistory h = new OpenInterestHistory(symbol, t, oi, v);
        long interval = t.length > 1 ? medianStep(t) : 0;
        warnings.addAll(CandleCsv.gaps(t, interval, "sample"));
        return new Loaded<>(h, warnings);
    }

    private static long medianStep(long[] t) {
        long[] d = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            d[i - 1] = t[i] - t[i - 1];
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }
}
