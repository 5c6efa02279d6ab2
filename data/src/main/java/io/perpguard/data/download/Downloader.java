package io.perpguard.data.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.perpguard.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads market history from Binance USDⓈ-M REST into CSV files that {@code io.perpguard.data.market} reads:
 * <ul>
 *   <li>klines ({@code GET /fapi/v1/klines}, pages of up to 1500 by {@code startTime}) in the public-archive 12-column
 *       format with a header; only closed candles are written;</li>
 *   <li>funding rates ({@code GET /fapi/v1/fundingRate}, pages of 1000): {@code funding_time,funding_rate,mark_price};</li>
 *   <li>open interest ({@code GET /futures/data/openInterestHist}, pages of 500; Binance keeps only the last 30 days):
 *       {@code timestamp,sum_open_interest,sum_open_interest_value};</li>
 *   <li>leverage brackets ({@code GET /fapi/v1/leverageBracket}, SIGNED) as the JSON array {@code --tiers} accepts,
 *       only when an {@link ApiKey} is given.</li>
 * </ul>
 * Each page is appended and flushed before the next request, so an interrupted run keeps what it fetched; rerunning
 * the same command resumes after the last row of each file (no duplicate rows). Prices are written as Binance sent
 * them (decimal strings, never through a double).
 */
public final class Downloader {
    public static final String KLINES_HEADER = "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
            + "taker_buy_volume,taker_buy_quote_volume,ignore";
    public static final String FUNDING_HEADER = "funding_time,funding_rate,mark_price";
    public static final String OI_HEADER = "timestamp,sum_open_interest,sum_open_interest_value";
    static final int FUNDING_LIMIT = 1000;
    static final int OI_LIMIT = 500;

    /** What one dataset's download did. */
    public record FileReport(String dataset, Path file, int rowsBefore, int rowsAdded, long resumedFromMs, String note) {
    }

    private final BinanceClient client;
    private final Progress progress;
    private final Clock clock;

    public Downloader(BinanceClient client, Progress progress, Clock clock) {
        this.client = client;
        this.progress = progress;
        this.clock = clock;
    }

    /** Runs every requested dataset in turn; a failure stops the run (files keep what was fetched). */
    public List<FileReport> download(DownloadRequest r, ApiKey key) {
        requireWritable(r);
        List<FileReport> out = new ArrayList<>();
        if (r.datasets().contains("klines")) {
            out.add(klines(r));
        }
        if (r.datasets().contains("funding")) {
            out.add(funding(r));
        }
        if (r.datasets().contains("oi")) {
            out.add(openInterest(r));
        }
        if (r.datasets().contains("brackets")) {
            out.add(brackets(r, key));
        }
        return out;
    }

    /**
     * Refuses an output directory the files cannot be written to before anything is fetched (it failed after the
     * first page had been downloaded): {@code out} must be a directory, or creatable under its nearest existing
     * ancestor, which a probe file is created in and deleted from; an output file must not be a directory. Changes nothing.
     */
    static void requireWritable(DownloadRequest r) {
        Path dir = r.outDir().toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String shown = io.perpguard.data.io.Excerpt.of(r.outDir().toString());
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidInputException("out", "'" + shown + "' is not a directory" + (existing != null && !existing.equals(dir)
                    ? " and cannot be created (" + io.perpguard.data.io.Excerpt.of(existing.toString()) + " is a file)" : "")
                    + "; give a directory to write the CSV files into");
        }
        for (Path f : List.of(r.klinesFile(), r.fundingFile(), r.oiFile(), r.bracketsFile())) {
            if (Files.isDirectory(f)) {
                throw new InvalidInputException("out", "'" + io.perpguard.data.io.Excerpt.of(f.toString())
                        + "' is a directory, not a file this download can write to");
            }
        }
        try {
            Files.delete(Files.createTempFile(existing, ".perpguard-probe", ".tmp"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new InvalidInputException("out", "'" + shown + "' cannot be written" + (existing.equals(dir) ? "" : " (nor created in "
                    + io.perpguard.data.io.Excerpt.of(existing.toString()) + ")") + ": " + reason(e) + "; give a writable directory");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return "the file system refused a test file (" + e.getClass().getSimpleName() + ")";
    }

    //-------------------------------------------------------------------------
    FileReport klines(DownloadRequest r) {
        long step = KlineInterval.millis(r.interval());
        ResumableCsv csv = ResumableCsv.open(r.klinesFile(), KLINES_HEADER);
        long start = Math.max(r.fromMs(), csv.lastTime + 1);
        long now = clock.millis();
        int added = pages("klines", "/fapi/v1/klines", params(r, "interval", r.interval(), r.pageLimit()), r, start, csv, step, 0, k -> {
            if (k.get(6).asLong() >= now) {
                return null; // the candle still forming: not final, not written
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < k.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(k.get(i).asText());
            }
            return new Row(k.get(0).asLong(), sb.toString());
        });
        return new FileReport("klines", r.klinesFile(), csv.existingRows, added, start,
                csv.existingRows > 0 ? "resumed after " + Instant.ofEpochMilli(csv.lastTime) : "");
    }

    FileReport funding(DownloadRequest r) {
        ResumableCsv csv = ResumableCsv.open(r.fundingFile(), FUNDING_HEADER);
        long start = Math.max(r.fromMs(), csv.lastTime + 1);
        // funding times jitter by a few ms: continue just after the last one; a short page is the last
        int added = pages("funding", "/fapi/v1/fundingRate", params(r, null, null, FUNDING_LIMIT), r, start, csv, 1, FUNDING_LIMIT, f -> {
            JsonNode mp = f.get("markPrice");
            long t = f.get("fundingTime").asLong();
            return new Row(t, t + "," + f.get("fundingRate").asText() + "," + (mp == null || mp.isNull() ? "" : mp.asText()));
        });
        return new FileReport("funding", r.fundingFile(), csv.existingRows, added, start, "");
    }

    FileReport openInterest(DownloadRequest r) {
        ResumableCsv csv = ResumableCsv.open(r.oiFile(), OI_HEADER);
        long start = Math.max(r.fromMs(), csv.lastTime + 1);
        int added = pages("oi", "/futures/data/openInterestHist", params(r, "period", r.oiPeriod(), OI_LIMIT), r, start, csv,
                KlineInterval.millis(r.oiPeriod()), 0, o -> {
                    long t = o.get("timestamp").asLong();
                    return new Row(t, t + "," + o.get("sumOpenInterest").asText() + "," + o.get("sumOpenInterestValue").asText());
                });
        String note = added == 0 && start < r.toMs()
                ? "no open interest returned: Binance keeps only the last 30 days of /futures/data/openInterestHist" : "";
        return new FileReport("oi", r.oiFile(), csv.existingRows, added, start, note);
    }

    /** One row of a page: its time and its CSV line. */
    private record Row(long time, String line) {
    }

    /** Turns one element of a page into a row, or null to stop reading the page. */
    private interface RowReader {
        Row read(JsonNode element);
    }

    private static Map<String, String> params(DownloadRequest r, String name, String value, int limit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", r.symbol());
        if (name != null) {
            p.put(name, value);
        }
        p.put("limit", Integer.toString(limit));
        return p;
    }

    /**
     * Pages an endpoint from {@code start} to the request's end: each page is appended to the CSV before the next
     * request (so an interrupted run resumes after its last row), the cursor moves to the last row's time +
     * {@code advance}, and paging stops on an empty page or, when {@code shortPage} &gt; 0, on a page shorter than it.
     *
     * @return rows added
     */
    private int pages(String what, String path, Map<String, String> fixed, DownloadRequest r, long start, ResumableCsv csv,
                      long advance, int shortPage, RowReader reader) {
        long cursor = start;
        int added = 0, page = 0;
        while (cursor < r.toMs()) {
            Map<String, String> p = new LinkedHashMap<>(fixed);
            p.put("startTime", Long.toString(cursor));
            p.put("endTime", Long.toString(r.toMs() - 1));
            JsonNode rows = expectArray(client.get(path, p), what);
            page++;
            List<String> lines = new ArrayList<>();
            long last = -1;
            for (JsonNode n : rows) {
                Row row = reader.read(n);
                if (row == null) {
                    break;
                }
                if (row.time() < cursor || row.time() >= r.toMs()) {
                    continue;
                }
                lines.add(row.line());
                last = row.time();
            }
            csv.append(lines);
            added += lines.size();
            if (last < 0) {
                break;
            }
            cursor = last + advance;
            progress.update(what, cursor - r.fromMs(), r.toMs() - r.fromMs(), "page " + page + ", up to " + Instant.ofEpochMilli(last));
            if (shortPage > 0 && rows.size() < shortPage) {
                break;
            }
        }
        progress.update(what, 1, 1, added + " rows");
        progress.finish();
        return added;
    }

    FileReport brackets(DownloadRequest r, ApiKey key) {
        if (key == null) {
            return new FileReport("brackets", r.bracketsFile(), 0, 0, 0, "skipped: GET /fapi/v1/leverageBracket is signed; set "
                    + ApiKey.KEY_ENV + " and " + ApiKey.SECRET_ENV);
        }
        JsonNode n = client.getSigned("/fapi/v1/leverageBracket", Map.of("symbol", r.symbol()), key);
        ArrayNode arr;
        if (n.isArray()) {
            arr = (ArrayNode) n;
        } else {
            // with a symbol Binance may answer with the bare object; --tiers expects the array
            arr = new ObjectMapper().createArrayNode().add(n);
        }
        try {
            Files.createDirectories(r.outDir());
            Files.writeString(r.bracketsFile(), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(arr) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + r.bracketsFile() + ": " + e.getMessage(), e);
        }
        return new FileReport("brackets", r.bracketsFile(), 0, arr.size(), 0, "");
    }

    private static JsonNode expectArray(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new DownloadException(what + ": expected a JSON array from Binance, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        return n;
    }
}
