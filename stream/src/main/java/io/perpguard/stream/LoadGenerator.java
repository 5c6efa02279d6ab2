package io.perpguard.stream;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.market.CandleSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic load for demos, load tests and the benchmark, deterministic for a seed: synthetic accounts with a
 * leverage mix, and mark paths taken from real candle closes.
 * <p>Leverage mix (share of positions): 30 % at 2–5x, 35 % at 10x, 20 % at 20x, 10 % at 50x, 5 % at 100x — capped
 * at the tier maximum for the position's notional. Each account deposits 500 to 100,000 USDT (log-uniform),
 * holds 1 to {@code maxSymbols} symbols, long or short, 80 % cross / 20 % isolated, and commits 20–60 % of its
 * wallet as initial margin.
 */
public final class LoadGenerator {
    private static final double[] LEVERAGE_SHARE = {0.30, 0.35, 0.20, 0.10, 0.05};
    private static final double[] LEVERAGE = {Double.NaN, 10, 20, 50, 100};

    private LoadGenerator() {
    }

    /** A record for a topic: key and JSON value. */
    public record Event(String key, String value) {
    }

    /**
     * The events that create {@code accounts} accounts: one deposit and 1..{@code maxSymbols} openings each, at
     * {@code startPrices} (parallel to {@code symbols}).
     */
    public static List<Event> accounts(int accounts, String[] symbols, double[] startPrices, int maxSymbols,
                                       Instruments instruments, long seed, long eventTime) {
        if (accounts < 1) {
            throw new InvalidInputException("accounts", accounts + " must be 1 or more");
        }
        if (maxSymbols < 1 || maxSymbols > symbols.length) {
            throw new InvalidInputException("maxSymbols", maxSymbols + " is outside 1 to " + symbols.length);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(accounts * (2 + maxSymbols));
        int id = 0;
        for (int a = 0; a < accounts; a++) {
            String acct = String.format(Locale.ROOT, "acct-%07d", a);
            double wallet = Math.round(500 * Math.pow(200, rnd.nextDouble()));
            out.add(new Event(acct, String.format(Locale.ROOT,
                    "{\"eventId\":\"g%d\",\"type\":\"wallet-transfer\",\"amount\":%d,\"eventTimeMs\":%d}", id++, (long) wallet, eventTime)));
            int held = 1 + rnd.nextInt(maxSymbols);
            int first = rnd.nextInt(symbols.length);
            double budget = wallet * (0.2 + 0.4 * rnd.nextDouble()) / held;
            for (int k = 0; k < held; k++) {
                int s = (first + k * 7) % symbols.length;
                String sym = symbols[s];
                double price = startPrices[s];
                double lev = leverage(rnd);
                RiskTiers tiers = instruments.get(sym).tiers();
                double notional = budget * lev;
                lev = Math.min(lev, tiers.maxLeverageFor(Math.min(notional, tiers.maxNotional())));
                notional = budget * lev;
                double qty = notional / price;
                boolean isolated = rnd.nextDouble() < 0.2;
                String side = rnd.nextBoolean() ? "long" : "short";
                out.add(new Event(acct, String.format(Locale.ROOT,
                        "{\"eventId\":\"g%d\",\"type\":\"opened\",\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%s,\"price\":%s,"
                                + "\"leverage\":%s,\"marginMode\":\"%s\",\"eventTimeMs\":%d}",
                        id++, sym, side, qty, price, lev, isolated ? "isolated" : "cross", eventTime)));
            }
        }
        return out;
    }

    private static double leverage(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        for (int i = 0; i < LEVERAGE_SHARE.length; i++) {
            u -= LEVERAGE_SHARE[i];
            if (u < 0) {
                return Double.isNaN(LEVERAGE[i]) ? 2 + rnd.nextInt(4) : LEVERAGE[i];
            }
        }
        return LEVERAGE[LEVERAGE.length - 1];
    }

    /**
     * A mark path from candles: per candle, {@code ticksPerCandle} marks walking open → the nearer extreme → the
     * other extreme → close (the usual intrabar order assumption), evenly spaced in time within the candle.
     *
     * @return times (epoch ms, increasing) in row 0 as longs and prices in row 1
     */
    public static MarkPath markPath(CandleSeries c, int ticksPerCandle) {
        if (ticksPerCandle < 1 || ticksPerCandle > 10_000) {
            throw new InvalidInputException("ticksPerCandle", ticksPerCandle + " is outside 1 to 10,000");
        }
        int n = c.close().length;
        if (n == 0) {
            throw new InvalidInputException("candles", "the file has no candles");
        }
        long step = n > 1 ? (c.openTimeMs()[1] - c.openTimeMs()[0]) : 60_000;
        long[] t = new long[n * ticksPerCandle];
        double[] p = new double[n * ticksPerCandle];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double o = c.open()[i], h = c.high()[i], l = c.low()[i], cl = c.close()[i];
            boolean lowFirst = o - l < h - o;
            double[] knots = lowFirst ? new double[]{o, l, h, cl} : new double[]{o, h, l, cl};
            for (int j = 0; j < ticksPerCandle; j++) {
                // position along the 3 legs of the intrabar path; the last tick of a candle is its close
                double x = ticksPerCandle == 1 ? 3 : 3.0 * (j + 1) / ticksPerCandle;
                int leg = Math.min(2, (int) x);
                double f = x - leg;
                p[k] = knots[leg] + (knots[leg + 1] - knots[leg]) * f;
                t[k] = c.openTimeMs()[i] + step * (j + 1) / ticksPerCandle;
                k++;
            }
        }
        return new MarkPath(c.symbol(), t, p);
    }

    /**
     * A symbol's mark path.
     *
     * @param timeMs event times, increasing
     * @param mark   mark prices, &gt; 0
     */
    public record MarkPath(String symbol, long[] timeMs, double[] mark) {
        public MarkPath {
            Checks.notBlank("symbol", symbol);
            if (timeMs.length != mark.length) {
                throw new InvalidInputException("mark", "times and prices have different lengths");
            }
        }

        public int size() {
            return mark.length;
        }

        /** The {@code marks} record of tick {@code i}. */
        public Event tick(int i) {
            return new Event(symbol, String.format(Locale.ROOT, "{\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}",
                    mark[i], timeMs[i]));
        }
    }
}
