package io.perpguard.stops;

import io.perpguard.market.CandleSeries;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the shared real candles ({@code open_time,open,high,low,close,volume}) for tests; skips when absent. */
public final class RealCandles {
    private RealCandles() {
    }

    public static Path file(String name) {
        Path f = Path.of(System.getProperty("perpguard.shared", "../../shared"), "data", "candles", name);
        Assumptions.assumeTrue(Files.exists(f), "shared data absent: " + f);
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
