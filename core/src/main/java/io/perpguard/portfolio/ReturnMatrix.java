package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily close-to-close simple returns of several symbols on the same days, oldest first.
 * A day's return {@code close(d) / close(d − 1) − 1} exists only when both days have a candle, so a gap in
 * the data never passes a two-day move off as a one-day one; only days on which every symbol has a return
 * are kept.
 *
 * @param symbols symbols, one row of {@code returns} each
 * @param dayMs   the day each return ends on (candle open time, 00:00 UTC), increasing
 * @param returns {@code returns[i][t]}: return of {@code symbols[i]} on {@code dayMs[t]}, a fraction
 */
public record ReturnMatrix(List<String> symbols, long[] dayMs, double[][] returns) {
    /** One day, ms. */
    public static final long DAY_MS = 86_400_000L;

    public ReturnMatrix {
        symbols = List.copyOf(symbols);
        if (returns.length != symbols.size()) {
            throw new InvalidInputException("returns", "one row per symbol expected");
        }
        for (double[] r : returns) {
            if (r.length != dayMs.length) {
                throw new InvalidInputException("returns", "every row must have one return per day");
            }
        }
    }

    /**
     * Aligns daily candles into a matrix of the last {@code window} days on which every symbol has a return.
     *
     * @param daily  daily candles by symbol (interval must be one day)
     * @param window number of most recent common days to keep (&ge; 2)
     */
    public static ReturnMatrix align(List<String> symbols, Map<String, CandleSeries> daily, int window) {
        Checks.inRange("window", window, 2, 100_000);
        int m = symbols.size();
        List<Map<Long, Double>> perSymbol = new ArrayList<>(m);
        for (String s : symbols) {
            CandleSeries c = daily.get(s);
            if (c == null) {
                throw new InvalidInputException("returns", "no daily candles for " + s);
            }
            if (c.size() >= 2 && c.intervalMs() != DAY_MS) {
                throw new InvalidInputException("returns", s + " candles are not daily (interval " + c.intervalMs() / 60_000 + " min)");
            }
            Map<Long, Double> r = new HashMap<>();
            long[] t = c.openTimeMs();
            double[] close = c.close();
            for (int i = 1; i < t.length; i++) {
                if (t[i] - t[i - 1] == DAY_MS) {
                    r.put(t[i], close[i] / close[i - 1] - 1); // simple close-to-close return
                }
            }
            perSymbol.add(r);
        }
        long[] days = perSymbol.isEmpty() ? new long[0] : perSymbol.get(0).keySet().stream().mapToLong(Long::longValue)
                .filter(d -> perSymbol.stream().allMatch(r -> r.containsKey(d))).sorted().toArray();
        int from = Math.max(0, days.length - window);
        days = Arrays.copyOfRange(days, from, days.length);
        double[][] ret = new double[m][days.length];
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < days.length; t++) {
                ret[i][t] = perSymbol.get(i).get(days[t]);
            }
        }
        return new ReturnMatrix(symbols, days, ret);
    }

    public int days() {
        return dayMs.length;
    }

    public int indexOf(String symbol) {
        return symbols.indexOf(symbol);
    }

    public boolean has(String symbol) {
        return symbols.contains(symbol);
    }

    /** The returns of {@code symbol} (the matrix's own row: do not modify). */
    public double[] row(String symbol) {
        int i = indexOf(symbol);
        if (i < 0) {
            throw new InvalidInputException("symbol", "no returns for " + symbol);
        }
        return returns[i];
    }

    public LocalDate firstDay() {
        return day(0);
    }

    public LocalDate lastDay() {
        return day(dayMs.length - 1);
    }

    private LocalDate day(int t) {
        return dayMs.length == 0 ? null : LocalDate.ofInstant(Instant.ofEpochMilli(dayMs[t]), ZoneOffset.UTC);
    }
}
