package io.perpguard.data.download;

import io.perpguard.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Binance kline intervals and their length in ms ({@code GET /fapi/v1/klines} "interval"). */
public final class KlineInterval {
    private static final Map<String, Long> MS = new LinkedHashMap<>();

    static {
        long m = 60_000L, h = 60 * m, d = 24 * h;
        MS.put("1m", m);
        MS.put("3m", 3 * m);
        MS.put("5m", 5 * m);
        MS.put("15m", 15 * m);
        MS.put("30m", 30 * m);
        MS.put("1h", h);
        MS.put("2h", 2 * h);
        MS.put("4h", 4 * h);
        MS.put("6h", 6 * h);
        MS.put("8h", 8 * h);
        MS.put("12h", 12 * h);
        MS.put("1d", d);
        MS.put("3d", 3 * d);
        MS.put("1w", 7 * d);
    }

    /** Periods {@code /futures/data/openInterestHist} accepts. */
    static final java.util.Set<String> OI_PERIODS = java.util.Set.of("5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d");

    private KlineInterval() {
    }

    public static long millis(String interval) {
        Long v = MS.get(interval);
        if (v == null) {
            throw new InvalidInputException("interval", "'" + interval + "' is not a Binance interval; use one of " + String.join(", ", MS.keySet()));
        }
        return v;
    }
}
