package io.perpguard.server;

import io.perpguard.checklist.MarketContext;
import io.perpguard.market.CandleSeries;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * {@code serve --live}: the hourly bars behind the desk's planning tools (dashboard ATR, check, stops, survival) read
 * from the watched venues' own candles, the same reads the watchers' ATR column uses. A symbol's bars come from the
 * first watched account (in start order) whose venue lists it, preferring the account that holds it; they are
 * re-read in the background when older than {@link #REFRESH_MS}. The dashboard only ever gets bars already read
 * (the mark path never waits for a venue); a planning request for a symbol not read yet reads it at once. A symbol
 * no watched venue lists falls back to the bundled replay's bars, and {@link #source} says so.
 */
final class LiveBars implements BarHistory, AutoCloseable {
    /** Hourly candles read per symbol: OKX's {@code market/candles} serves at most 300. */
    static final int COUNT = 300;
    static final long REFRESH_MS = 5 * 60_000L;

    /** One watched account's candle read: symbol → its venue's hourly candles, or null when it has none. */
    record Source(String account, String venue, Function<String, CandleSeries> candles) {
    }

    private record Read(CandleSeries series, String venue, long atMs) {
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Map<String, Read> read = new ConcurrentHashMap<>();       // symbol → its venue's bars (series null: none lists it)
    private final Set<String> loading = ConcurrentHashMap.newKeySet();
    private final Function<String, Double> mark;
    private volatile BarHistory fallback;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "perpguard-live-bars");
        t.setDaemon(true);
        return t;
    });

    /** @param mark the desk's current live mark of a symbol (null: none), laid over the bars as the checklist's price */
    LiveBars(Function<String, Double> mark) {
        this.mark = mark;
    }

    void add(Source s) {
        sources.add(s);
    }

    /** The bars of symbols no watched venue lists (the desk's bundled replay). */
    void fallback(BarHistory f) {
        this.fallback = f;
    }

    /** Symbols an account holds: read (or re-read when old) in the background, that account's venue first. */
    void want(String account, Collection<String> symbols) {
        long now = System.currentTimeMillis();
        for (String s : symbols) {
            Read r = read.get(s);
            if ((r == null || now - r.atMs() > REFRESH_MS) && loading.add(s)) {
                try {
                    reader.execute(() -> {
                        try {
                            load(s, account);
                        } finally {
                            loading.remove(s);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    loading.remove(s);   // closed
                }
            }
        }
    }

    /** Reads the symbol's candles: {@code preferred}'s venue first, then every other watched account's. */
    private Read load(String symbol, String preferred) {
        List<Source> order = new ArrayList<>(sources);
        order.sort((a, b) -> Boolean.compare(!a.account().equals(preferred), !b.account().equals(preferred)));
        Read r = new Read(null, null, System.currentTimeMillis());
        for (Source s : order) {
            CandleSeries c;
            try {
                c = s.candles().apply(symbol);
            } catch (RuntimeException e) {
                c = null;
            }
            if (c != null && c.size() > 0) {
                r = new Read(c, s.venue(), r.atMs());
                break;
            }
        }
        read.put(symbol, r);
        return r;
    }

    /** The venue bars of a symbol: read now when never read, re-read in the background when old; null when none lists it. */
    private CandleSeries live(String symbol) {
        Read r = read.get(symbol);
        if (r == null) {
            r = load(symbol, null);
        } else if (System.currentTimeMillis() - r.atMs() > REFRESH_MS) {
            want(null, List.of(symbol));
        }
        return r.series();
    }

    /** The symbols with venue bars read (the dashboard's ATR per symbol). */
    @Override
    public List<String> symbols() {
        List<String> out = new ArrayList<>();
        read.forEach((s, r) -> {
            if (r.series() != null) {
                out.add(s);
            }
        });
        out.sort(null);
        return out;
    }

    @Override
    public CandleSeries candles(String symbol) {
        CandleSeries c = live(symbol);
        return c != null ? c : fallbackOrFail(symbol).candles(symbol);
    }

    @Override
    public MarketContext recent(String symbol, int max) {
        CandleSeries c = live(symbol);
        if (c == null) {
            return fallbackOrFail(symbol).recent(symbol, max);
        }
        Double m = mark.apply(symbol);
        MarketContext bars = MarketContext.lastBars(c, max);
        return m != null && m > 0 && Double.isFinite(m) ? bars.withMark(m) : bars;
    }

    @Override
    public String source(String symbol) {
        Read r = read.get(symbol);
        return r != null && r.series() != null ? "live " + r.venue() : "desk replay (no watched venue lists " + symbol + ")";
    }

    private BarHistory fallbackOrFail(String symbol) {
        BarHistory f = fallback;
        if (f == null) {
            throw new io.perpguard.InvalidInputException("symbol", symbol + " has no hourly bars on the watched venues");
        }
        return f;
    }

    @Override
    public void close() {
        Stop.now(reader);
    }
}
