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
    private volatile double speed;
    private ScheduledExecutorService timer;
    private java.util.concurrent.ScheduledFuture<?> ticking;
    private volatile boolean started;
    private volatile int index;

    public MarkFeed(MarkReplay replay, int warmup, double speed) {
        this.replay = replay;
        this.index = Math.min(Math.max(0, warmup), replay.size() - 1);
        this.speed = speed;
    }

    /** Publishes the first marks and, unless paused, starts stepping. */
    public synchronized void start() {
        started = true;
        publish();
        schedule();
    }

    private void schedule() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (!started || speed <= 0 || atEnd()) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "perpguard-mark-feed");
                t.setDaemon(true);
                return t;
            });
        }
        long periodUs = Math.max(1_000, (long) (1_000_000 / speed));
        ticking = timer.scheduleAtFixedRate(this::stepSafely, periodUs, periodUs, TimeUnit.MICROSECONDS);
    }

    /** The fastest replay, hours per second: one range for {@code serve --replay-speed} and {@code POST /api/replay}'s speed. */
    public static final double MAX_SPEED = 1000;

    /** A replay speed as given, if within 0 (paused) to {@link #MAX_SPEED}; refused naming the value sent. */
    static double checkedSpeed(double hoursPerSecond) {
        if (!(hoursPerSecond >= 0 && hoursPerSecond <= MAX_SPEED)) {
            throw new io.perpguard.InvalidInputException("speed", io.perpguard.Checks.fmt(hoursPerSecond) + " is outside the allowed range: 0 (paused) to "
                    + io.perpguard.Checks.fmt(MAX_SPEED) + " replayed hours per second");
        }
        return hoursPerSecond;
    }

    /** Replayed hours per second; 0 pauses. */
    public synchronized void setSpeed(double hoursPerSecond) {
        speed = checkedSpeed(hoursPerSecond);
        schedule();
    }

    /**
     * Moves to step {@code i} and publishes its marks (the speed is kept). Forward, every step between is published too,
     * as playing would: a position the skipped hours liquidate is settled at the hour that did it (jumping 110 → 130 over
     * the 10 October crash used to judge the accounts at hour 130 alone, so a position liquidated at the low and
     * recovered by then stayed open, and the others were closed at a later time and price). Backward, only step
     * {@code i}: the monitor does not judge a mark again that is no later than one it has judged.
     */
    public synchronized void jumpTo(int i) {
        if (i < 0 || i >= replay.size()) {
            throw new io.perpguard.InvalidInputException("index", i + " is outside 0 to " + (replay.size() - 1));
        }
        while (index < i - 1) {
            index++;
            publish();
        }
        index = i;
        publish();
        schedule();
    }

    public double speed() {
        return speed;
    }

    /**
     * The replay's position and speed, as the page shows it ({@code GET /api/replay}, a replay desk's mark status).
     *
     * @param index      the current bar, 0-based
     * @param bars       bars (hours) in the replay
     * @param speed      replayed hours per real second (0: paused)
     * @param crashIndex the bar of the crash the replay is built around
     * @param from       the first bar's time (ISO-8601)
     * @param to         the last bar's time
     */
    public record State(int index, int bars, boolean atEnd, double speed, boolean paused, int crashIndex, String from, String to) {
    }

    public State state() {
        return new State(index, replay.size(), atEnd(), speed, speed <= 0 || atEnd(), replay.crashIndex(),
                java.time.Instant.ofEpochMilli(replay.time(0)).toString(), java.time.Instant.ofEpochMilli(replay.time(replay.size() - 1)).toString());
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
            if (!step()) {
                synchronized (this) {
                    schedule();   // at the end: stops ticking
                }
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
    public Map<String, Double> fundingRates() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (String s : replay.symbols()) {
            double r = replay.fundingRateAt(s, timeMs());
            if (!Double.isNaN(r)) {
                m.put(s, r);
            }
        }
        return m;
    }

    @Override
    public RecordedFunding recordedFunding(String symbol) {
        return replay.fundingAt(symbol, timeMs());
    }

    @Override
    public State status() {
        return state();
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
    public void close() {
        java.util.concurrent.ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (t != null) {
            Stop.now(t);   // outside the lock: a step waiting for it ends first
        }
    }
}
