package io.perpguard.data.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.market.FundingHistory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads funding-rate history: CSV ({@code funding_time|fundingTime|calc_time, funding_rate|fundingRate|last_funding_rate,
 * mark_price|markPrice} — the public archive and this project's files) or the JSON array that Binance
 * {@code GET /fapi/v1/fundingRate} returns ({@code [{symbol, fundingTime, fundingRate, markPrice}]}).
 * Gaps are reported; missing mark prices stay NaN.
 */
public final class FundingFile {
    private FundingFile() {
    }

    public static Loaded<FundingHistory> read(Path file) {
        return read("funding", file);
    }

    /** As {@link #read(Path)}, its errors named {@code field} (the option that gave the file: {@code history}). */
    public static Loaded<FundingHistory> read(String field, Path file) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return readJson(field, file);
        }
        CsvTable t = CsvTable.read(field, file);
        int ct = t.column("funding time", 0, "funding_time", "fundingtime", "calc_time", "time", "timestamp");
        int cr = t.column("funding rate", 1, "funding_rate", "fundingrate", "last_funding_rate", "rate");
        int cm = t.column("mark price", -1, "mark_price", "markprice");
        if (t.header.isEmpty()) {
            cm = 2;
        }
        int n = t.rows.size();
        long[] time = new long[n];
        double[] rate = new double[n], mark = new double[n];
        List<String> warnings = new ArrayList<>();
        int m = 0;
        for (int r = 0; r < n; r++) {
            long ts = t.time(r, ct, "funding time");
            double rt = t.number(r, cr, "funding rate");
            if (Math.abs(rt) > 0.05) {
                throw t.bad(r, "funding rate " + io.perpguard.Checks.fmt(rt) + " is outside ±0.05 per interval (is it in percent?)");
            }
            if (m > 0 && ts <= time[m - 1]) {
                if (ts == time[m - 1]) {
                    warnings.add("duplicate funding time " + Instant.ofEpochMilli(ts) + " (line " + t.lineNumbers.get(r) + "): kept the first");
                    continue;
                }
                throw t.bad(r, "funding time goes backwards");
            }
            time[m] = ts;
            rate[m] = rt;
            mark[m] = t.optionalNumber(r, cm, "mark price");
            if (mark[m] <= 0 || mark[m] > io.perpguard.InputBounds.MAX_PRICE) {   // NaN (not given) passes; -5 or 1e300 was read as a mark
                throw t.bad(r, "mark price " + io.perpguard.Checks.fmt(mark[m]) + " is outside the allowed range: above 0, at most "
                        + io.perpguard.Checks.fmt(io.perpguard.InputBounds.MAX_PRICE));
            }
            m++;
        }
        return finish(field, CandleCsv.symbolFromName(file), Arrays.copyOf(time, m), Arrays.copyOf(rate, m), Arrays.copyOf(mark, m), warnings);
    }

    private static Loaded<FundingHistory> readJson(String field, Path file) {
        JsonNode root = JsonInput.readFile(field, file);
        if (!root.isArray()) {
            throw new InvalidInputException(field, file + ": expected the JSON array of GET /fapi/v1/fundingRate");
        }
        int n = root.size();
        long[] time = new long[n];
        double[] rate = new double[n], mark = new double[n];
        String symbol = "";
        List<String> warnings = new ArrayList<>();
        int m = 0;
        for (int i = 0; i < n; i++) {
            String p = "funding[" + i + "]";
            JsonNode e = JsonInput.object(root.get(i), p);
            long ts = io.perpguard.data.json.EpochTime.millis(p + ".fundingTime", JsonInput.number(e, "fundingTime", p + ".fundingTime"),
                    System.currentTimeMillis(), io.perpguard.data.json.EpochTime.FUTURE_SLACK_MS);
            if (m > 0 && ts <= time[m - 1]) {
                if (ts == time[m - 1]) {
                    warnings.add("duplicate funding time " + Instant.ofEpochMilli(ts) + ": kept the first");
                    continue;
                }
                throw new InvalidInputException(p + ".fundingTime", "goes backwards");
            }
            time[m] = ts;
            rate[m] = JsonInput.number(e, "fundingRate", p + ".fundingRate");
            JsonNode mp = e.get("markPrice");
            mark[m] = mp == null || mp.isNull() || mp.asText().isEmpty() ? Double.NaN : JsonInput.asNumber(mp, p + ".markPrice");
            symbol = JsonInput.text(e, "symbol", p + ".symbol", symbol);
            m++;
        }
        return finish(field, symbol, Arrays.copyOf(time, m), Arrays.copyOf(rate, m), Arrays.copyOf(mark, m), warnings);
    }

    private static Loaded<FundingHistory> finish(String field, String symbol, long[] time, double[] rate, double[] mark, List<String> warnings) {
        if (time.length == 0) {
            throw new InvalidInputException(field, "no funding rows");
        }
        FundingHistory h = new FundingHistory(symbol, time, rate, mark);
        // by the schedule each payment lies on, or the median interval where longer (BitMEX's 04:00/12:00/20:00 are 8 h apart
        // on a 4 h grid): a venue that shortened the interval (8 h to 1 h) left no holes in the 8-hourly part
        int median = h.intervalHours();
        warnings.addAll(CandleCsv.gaps(time, i -> Math.max(h.gridHours(i), median) * 3_600_000L, "funding interval"));
        return new Loaded<>(h, warnings);
    }
}
