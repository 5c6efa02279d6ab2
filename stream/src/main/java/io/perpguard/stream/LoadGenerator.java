package io.perpguard.stream;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.market.CandleSeries;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

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
     * The events that create {@code accounts} accounts on Binance USDⓈ-M: one deposit and 1..{@code maxSymbols} openings
     * each, at {@code startPrices} (parallel to {@code symbols}).
     */
    public static List<Event> accounts(int accounts, String[] symbols, double[] startPrices, int maxSymbols,
                                       Instruments instruments, long seed, long eventTime) {
        return accounts(accounts, symbols, startPrices, maxSymbols, instruments, seed, eventTime, List.of(StreamVenue.DEFAULT));
    }

    /**
     * As {@link #accounts(int, String[], double[], int, Instruments, long, long)}, account {@code a} on
     * {@code venues[a mod n]} (round robin: the same random draws as Binance USDⓈ-M alone, so one venue gives the same
     * book). {@code symbols} are Binance USDⓈ-M's ({@code BTCUSDT}); on another venue an account holds the venue's
     * perpetual of the same coin ({@link StreamVenue#perpetualOf}) where {@code instruments} (the stream's, every venue
     * under its keys) prices it, and its events carry {@code exchange}. Sizes as the venue counts them: {@code qty} in base
     * units (whole steps of the symbol, at least the venue's minimum quantity and notional), or {@code contracts} in whole lots (at least one) where the venue counts in contracts; a coin-margined
     * account holds one symbol and deposits its wallet in the coin at the start price.
     */
    public static List<Event> accounts(int accounts, String[] symbols, double[] startPrices, int maxSymbols,
                                       Instruments instruments, long seed, long eventTime, List<Exchange> venues) {
        return accounts(accounts, symbols, startPrices, maxSymbols, instruments, seed, eventTime, venues, 0);
    }

    /** Collateral ratio a generated pooled account states for each coin (a major's on the three venues: 1 − a 5 % haircut). */
    static final double POOLED_RATIO = 0.95;

    /**
     * As {@link #accounts(int, String[], double[], int, Instruments, long, long, List)}, a share {@code pooled} (0 to 1) of the
     * accounts on a venue that shares collateral (Binance Multi-Assets, Bybit unified, OKX multi-currency) pooled: right after
     * its deposit each states 2 or 3 coins of {@code symbols} (as many as there are, if fewer) in {@code collateral} events,
     * each worth 10–40 % of its wallet at the start price, collateral ratio {@value #POOLED_RATIO}, index the start price.
     * Which accounts and coins come from a second random stream: every other draw, so the rest of the book, is the one
     * {@code pooled = 0} gives.
     */
    public static List<Event> accounts(int accounts, String[] symbols, double[] startPrices, int maxSymbols,
                                       Instruments instruments, long seed, long eventTime, List<Exchange> venues, double pooled) {
        Checks.inRange("pooled", pooled, 0, 1);
        if (accounts < 1) {
            throw new InvalidInputException("accounts", accounts + " must be 1 or more");
        }
        if (maxSymbols < 1 || maxSymbols > symbols.length) {
            throw new InvalidInputException("maxSymbols", maxSymbols + " is outside 1 to " + symbols.length);
        }
        if (venues.isEmpty()) {
            throw new InvalidInputException("exchanges", "name at least one venue");
        }
        // per venue: the instrument of each symbol there (null: the venue does not price it)
        Instrument[][] at = new Instrument[venues.size()][symbols.length];
        for (int v = 0; v < venues.size(); v++) {
            Exchange ex = venues.get(v);
            boolean any = false;
            for (int s = 0; s < symbols.length; s++) {
                String key = StreamVenue.key(ex, ex == StreamVenue.DEFAULT ? symbols[s] : StreamVenue.perpetualOf(ex, coinOf(symbols[s])));
                at[v][s] = ex == StreamVenue.DEFAULT ? instruments.get(key) : instruments.bySymbol().get(key);
                any |= at[v][s] != null;
            }
            if (!any) {
                throw new InvalidInputException("exchanges", ex.displayName() + " prices none of " + String.join(", ", symbols) + " here"
                        + " (perpguard bundles no " + ex.displayName() + " tier table: pass its tiers with --tiers FILE, from tiers download --exchange "
                        + ex.id() + ")");
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        SplittableRandom pool = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        List<Event> out = new ArrayList<>(accounts * (2 + maxSymbols));
        int id = 0;
        for (int a = 0; a < accounts; a++) {
            int v = a % venues.size();
            Exchange ex = venues.get(v);
            String venue = ex == StreamVenue.DEFAULT ? "" : "\"exchange\":\"" + ex.id() + "\",";
            String acct = String.format(Locale.ROOT, "acct-%07d", a);
            double wallet = Math.round(500 * Math.pow(200, rnd.nextDouble()));
            int held = 1 + rnd.nextInt(maxSymbols);
            int first = rnd.nextInt(symbols.length);
            double budget = wallet * (0.2 + 0.4 * rnd.nextDouble()) / held;
            List<String> opens = new ArrayList<>(held);
            String coinWallet = null;
            for (int k = 0; k < held; k++) {
                int s = (first + k * 7) % symbols.length;
                Instrument inst = at[v][s];
                double price = startPrices[s];
                double lev = leverage(rnd);
                boolean isolated = rnd.nextDouble() < 0.2;
                String side = rnd.nextBoolean() ? "long" : "short";
                Contract c = inst == null ? null : inst.contract();
                boolean coin = c != null && c.type() == ContractType.INVERSE;
                if (inst == null || coin && coinWallet != null) {
                    continue;   // not priced on this venue, or a second coin beside a coin-margined wallet
                }
                RiskTiers tiers = inst.tiers();
                double notional = budget * lev;
                lev = Math.min(lev, tiers.maxLeverageFor(Math.min(measure(inst, notional, price), tiers.maxNotional())));
                notional = budget * lev;
                double m = measure(inst, notional, price);
                if (m > tiers.maxNotional()) {
                    // no venue opens past its largest tier, and the stream refuses it on any account (as calc does)
                    notional *= 0.99 * tiers.maxNotional() / m;
                }
                double qty = notional / price;
                String size;
                if (c.contractSize() > 0) {
                    // whole lots of the venue's contracts (an inverse contract's size is USD of face: the notional)
                    double lots = Math.max(1, Math.rint(c.contractsOf(coin ? notional : qty) / c.lotContracts()));
                    size = "\"contracts\":" + java.math.BigDecimal.valueOf(lots).multiply(java.math.BigDecimal.valueOf(c.lotContracts()))
                            .stripTrailingZeros().toPlainString();
                } else {
                    // whole steps of the symbol, at least the venue's minimum quantity and notional at the price, as the
                    // venue holds a position and the stream takes it
                    size = "\"qty\":" + Math.max(c.minQtyFor(price), c.floorToStep(qty));
                }
                if (coin) {
                    coinWallet = String.valueOf(io.perpguard.Money.round(wallet / price));
                }
                opens.add(String.format(Locale.ROOT,
                        "{\"eventId\":\"g%%d\",\"type\":\"opened\",%s\"symbol\":\"%s\",\"side\":\"%s\",%s,\"price\":%s,"
                                + "\"leverage\":%s,\"marginMode\":\"%s\",\"eventTimeMs\":%d}",
                        venue, StreamVenue.symbolOf(c.symbol()), side, size, price, lev, isolated ? "isolated" : "cross", eventTime));
            }
            out.add(new Event(acct, String.format(Locale.ROOT,
                    "{\"eventId\":\"g%d\",\"type\":\"wallet-transfer\",%s\"amount\":%s,\"eventTimeMs\":%d}", id++, venue,
                    coinWallet != null ? coinWallet : String.valueOf((long) wallet), eventTime)));
            if (pooled > 0 && pool.nextDouble() < pooled && coinWallet == null && io.perpguard.app.PooledAccount.sharesCollateral(ex)) {
                int n = Math.min(symbols.length, 2 + pool.nextInt(2));
                int from = pool.nextInt(symbols.length);
                for (int k = 0; k < n; k++) {
                    int s = (from + k) % symbols.length;
                    double amount = io.perpguard.Money.round(wallet * (0.1 + 0.3 * pool.nextDouble()) / startPrices[s]);
                    out.add(new Event(acct, String.format(Locale.ROOT, "{\"eventId\":\"g%d\",\"type\":\"collateral\",%s\"asset\":\"%s\","
                            + "\"amount\":%s,\"collateralRatio\":%s,\"indexPrice\":%s,\"eventTimeMs\":%d}", id++, venue, coinOf(symbols[s]),
                            amount, POOLED_RATIO, startPrices[s], eventTime)));
                }
            }
            for (String o : opens) {
                out.add(new Event(acct, String.format(Locale.ROOT, o, id++)));
            }
        }
        return out;
    }

    /** The size the instrument's tiers are measured in (the venue's convention: notional, coin or contracts) of {@code notional} at {@code price}. */
    private static double measure(Instrument inst, double notional, double price) {
        if (inst.contract().type() == ContractType.LINEAR && inst.contract().contractSize() <= 0) {
            return notional;   // base units × price: the notional itself (as before, bit for bit)
        }
        double qty = inst.contract().type() == ContractType.INVERSE ? notional : notional / price;
        return inst.convention().tierMeasure(inst.terms(), qty, price);
    }

    /** The coin of a Binance USDⓈ-M symbol ({@code BTCUSDT} → BTC). */
    static String coinOf(String symbol) {
        return symbol.replaceFirst("(USDT|USDC|FDUSD|BUSD)(_\\d{6})?$", "");
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
            return tick(i, symbol);
        }

        /** The {@code marks} record of tick {@code i} keyed {@code key} (another venue's, {@code okx:BTC-USDT-SWAP}). */
        public Event tick(int i, String key) {
            return tick(i, key, false);
        }

        /**
         * As {@link #tick(int, String)}, with {@code indexPrice} the mark when {@code index} (a candle path has one price: the
         * index moves with it, which moves pooled accounts' collateral in the coin, StreamVenue#collateralIndexKey).
         */
        public Event tick(int i, String key, boolean index) {
            return new Event(key, String.format(Locale.ROOT, "{\"markPrice\":%s,%s\"fundingRate\":0.0001,\"eventTimeMs\":%d}",
                    mark[i], index ? "\"indexPrice\":" + mark[i] + "," : "", timeMs[i]));
        }
    }
}
