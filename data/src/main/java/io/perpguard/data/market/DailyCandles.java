package io.perpguard.data.market;

import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds daily candles for symbols in a directory of files named {@code SYMBOL-*.csv} (the layout of
 * {@code shared/data/candles}: {@code BTCUSDT-1d-spot-2017-08_2026-01.csv}). Every matching file is read with
 * {@link CandleCsv}; files whose bar interval is not one day are skipped, and when several daily files match the
 * longest is used. When some files carry {@code -1d} in their name only those are read. Symbols without a daily file are simply absent from the result.
 */
public final class DailyCandles {
    private static final long DAY_MS = 86_400_000L;

    private DailyCandles() {
    }

    /**
     * The daily candles found for each symbol, with the reader's warnings (gaps, duplicates) prefixed by the file.
     */
    public static Loaded<Map<String, CandleSeries>> load(Path dir, Collection<String> symbols) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("returns", dir + " is not a directory");
        }
        Map<String, CandleSeries> out = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String symbol : symbols) {
            String s = symbol.toUpperCase(Locale.ROOT);
            CandleSeries best = null;
            List<String> bestWarnings = List.of();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, s + "-*.csv")) {
                for (Path f : sortedPaths(files)) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    Loaded<CandleSeries> l = CandleCsv.read(f);
                    CandleSeries c = l.data();
                    if (c.size() < 2 || c.intervalMs() != DAY_MS) {
                        continue;
                    }
                    if (best == null || c.size() > best.size()) {
                        best = new CandleSeries(s, c.openTimeMs(), c.open(), c.high(), c.low(), c.close(), c.volume());
                        bestWarnings = l.warnings().stream().map(w -> f.getFileName() + ": " + w).toList();
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException("returns", "cannot list " + dir + ": " + e.getMessage());
            }
            if (best != null) {
                out.put(s, best);
                warnings.addAll(bestWarnings);
            }
        }
        return new Loaded<>(out, warnings);
    }

    /** The files to read, sorted; when some are named as daily ({@code -1d}) only those, to skip reading intraday files. */
    private static List<Path> sortedPaths(DirectoryStream<Path> files) {
        List<Path> l = new ArrayList<>();
        files.forEach(l::add);
        l.sort(null);
        List<Path> named = l.stream().filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).contains("-1d")).toList();
        return named.isEmpty() ? l : named;
    }
}
