package io.perpguard.server;

import io.perpguard.checklist.MarketContext;
import io.perpguard.market.CandleSeries;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The desk's mark-price feed: steps through a {@link MarkReplay} at {@code speed} replayed hours per real second,
 * starting after {@code warmup} steps of history (so trend and ATR have bars at once), and holds the last marks at
 * the end. Speed 0 leaves it paused (tests step it by hand).
 */
public final class MarkFeed implements MarkSource, BarHistory, AutoCloseable {

    private final MarkReplay replay;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final double speed;
    private ScheduledExecutorService timer;
    private volatile int index;

    public MarkFeed(MarkReplay replay, int warmup, double speed) {
        this.replay = replay;
        this.index = Math.min(Math.max(0, warmup), replay.size() - 1);
        this.speed = speed;
    }

    /** Publishes the first marks and, unless paused, starts stepping. */
    public synchronized void start() {
        publish();
        if (speed > 0 && timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "perpguard-mark-feed");
                t.setDaemon(true);
                return t;
            });
            long periodUs = Math.max(1_000, (long) (1_000_000 / speed));
            timer.scheduleAtFixedRate(this::stepSafely, periodUs, periodUs, TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Advances one step (no-op at the end) and notifies the listeners; returns false at the end. */
    public synchronized boolean step() {
        if (index >= replay.size() - 1) {
            return false;
        }
        index++;
        publish();
        return true;
    }

    /** Notifies the listeners of the current marks without advancing. */
    public synchronized void publish() {
        Map<String, Double> marks = replay.marksAt(index);
        for (Listener l : listeners) {
            l.onMarks(replay.time(index), marks);
        }
    }

    private void stepSafely() {
        try {
            if (!step() && timer != null) {
                timer.shutdown();
            }
        } catch (RuntimeException e) {
            System.err.println("perpguard: mark feed step failed: " + e);
        }
    }

    public int index() {
        return index;
    }

    @Override
    public long timeMs() {
        return replay.time(index);
    }

    @Override
    public Map<String, Double> marks() {
        return replay.marksAt(index);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("index", index, "size", replay.size(), "atEnd", atEnd());
    }

    @Override
    public List<String> symbols() {
        return replay.symbols();
    }

    @Override
    public CandleSeries candles(String symbol) {
        return replay.candles(symbol);
    }

    @Override
    public MarketContext recent(String symbol, int max) {
        return replay.history(symbol, index, max);
    }

    public MarkReplay replay() {
        return replay;
    }

    public boolean atEnd() {
        return index >= replay.size() - 1;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
