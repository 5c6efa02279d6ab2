package io.perpguard.stops;

import io.perpguard.market.CandleSeries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the shipped real candles (samples/candles, {@code open_time,open,high,low,close,volume}) for tests; fails when absent. */
public final class RealCandles {
    private RealCandles() {
    }

    public static Path file(String name) {
        Path f = Path.of(System.getProperty("perpguard.samples", "../samples"), "candles", name);
        if (!Files.exists(f)) {
            throw new AssertionError("sample data missing: " + f + " (shipped in samples/)");
        }
        return f;
    }

    /** A minimal reader (core has no CSV reader; the real one lives in the data module). */
    public static CandleSeries read(String name) {
        try {
            List<String> lines = Files.readAllLines(file(name));
            int n = lines.size() - 1;
            long[] t = new long[n];
            double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                t[i] = Long.parseLong(f[0]);
                o[i] = Double.parseDouble(f[1]);
                h[i] = Double.parseDouble(f[2]);
                l[i] = Double.parseDouble(f[3]);
                c[i] = Double.parseDouble(f[4]);
                v[i] = Double.parseDouble(f[5]);
            }
            return new CandleSeries("BTCUSDT", t, o, h, l, c, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
