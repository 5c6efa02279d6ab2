package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.perpguard.InvalidInputException;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/alerts} and the server-sent event stream {@code /api/stream}: every tick of the monitor and every alert
 * goes to each connected client.
 * <ul>
 *   <li>Each {@code alert} event carries the alert's id as its event id. A client that comes back — the browser's own
 *       reconnection sends {@code Last-Event-ID}; a page that opens a new stream gives {@code ?lastEventId=N} — first
 *       gets every stored alert after that id (oldest first, at most {@link #MAX_RESUME}), so an alert raised while it
 *       was away (network down, laptop asleep, desk restarted) is not lost; it de-duplicates by id.</li>
 *   <li>A {@code hello} event opens each stream (the heartbeat period, so the page knows how long a silence may last),
 *       then the last tick. A {@code heartbeat} event every {@code heartbeatMs} lets a page notice a connection that
 *       died without closing (it reconnects), and finds the subscribers that went away: a write to one fails and it is
 *       dropped, so the list holds only live streams even while no tick is published (replay paused or at its end).</li>
 *   <li>At most {@link #MAX_CLIENTS} streams at once; one more is refused (503), never queued.</li>
 *   <li>Nothing waits for a slow client: events are queued per stream (a newer tick replaces one not yet sent) and
 *       written by a writer of its own, so a page that stops reading — a laptop asleep with the tab open — no longer
 *       stalls the monitor, the other pages and every edit until Jetty's 30 s idle timeout (measured: one refresh
 *       waited 30,016 ms). A stream with more than {@link #MAX_QUEUED} events unsent is closed; its page resumes from
 *       its last alert id.</li>
 * </ul>
 */
final class AlertRoutes implements Routes, DeskMonitor.Sink, AutoCloseable {
    /** Alerts sent to a resuming client at most (the page keeps fewer). */
    static final int MAX_RESUME = 1000;
    /** Concurrent event streams at most. */
    static final int MAX_CLIENTS = 64;
    /** Events queued for one stream at most (a resume's alerts and then some); beyond, the stream is closed. */
    static final int MAX_QUEUED = MAX_RESUME + 100;
    /** Default period of the heartbeat event; {@code -Dperpguard.sse.heartbeatMs} changes it. */
    static final long DEFAULT_HEARTBEAT_MS = 15_000;

    private final DeskStore store;
    private final Queue<Stream> clients = new ConcurrentLinkedQueue<>();
    private final long heartbeatMs;
    private final ScheduledExecutorService timer;
    /** Writes each stream's queue; a stream whose socket is full holds one writer, never the others. */
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "perpguard-sse-writer");
        t.setDaemon(true);
        return t;
    });
    private volatile Object lastTick = Map.of();

    /** One open stream and the events not yet written to it. */
    private final class Stream {
        final SseClient client;
        private final ArrayDeque<String[]> queue = new ArrayDeque<>();   // {event, data, id}
        private boolean writing;
        private volatile boolean gone;

        Stream(SseClient client) {
            this.client = client;
        }

        /** Queues an event (a tick replaces a tick not yet sent); closes the stream when too much is unsent. */
        void offer(String event, String data, String id) {
            boolean start;
            synchronized (this) {
                if (gone) {
                    return;
                }
                if (!event.equals("alert")) {
                    for (String[] e : queue) {
                        if (e[0].equals(event)) {
                            e[1] = data;   // only the newest tick (or heartbeat) matters
                            return;
                        }
                    }
                }
                if (queue.size() >= MAX_QUEUED) {
                    queue.clear();
                    drop();
                    return;
                }
                queue.add(new String[]{event, data, id});
                start = !writing;
                writing = true;
            }
            if (start) {
                try {
                    writers.execute(this::write);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    drop();   // closing
                }
            }
        }

        private void write() {
            while (true) {
                String[] e;
                synchronized (this) {
                    e = queue.poll();
                    if (e == null || gone) {
                        writing = false;
                        return;
                    }
                }
                try {
                    client.sendEvent(e[0], e[1], e[2]);
                } catch (RuntimeException x) {
                    drop();
                }
                if (client.terminated()) {
                    drop();   // the write found the client gone
                }
            }
        }

        void drop() {
            gone = true;
            clients.remove(this);
            try {
                writers.execute(() -> {
                    try {
                        client.close();
                    } catch (RuntimeException ignored) {
                        // gone already
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closing: the server closes it
            }
        }
    }

    AlertRoutes(DeskStore store) {
        this(store, Long.getLong("perpguard.sse.heartbeatMs", DEFAULT_HEARTBEAT_MS));
    }

    AlertRoutes(DeskStore store, long heartbeatMs) {
        this.store = store;
        this.heartbeatMs = Math.max(50, heartbeatMs);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perpguard-sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::heartbeat, this.heartbeatMs, this.heartbeatMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/alerts", ctx -> {
            int limit = Http.wholeQuery(ctx.queryParam("limit"), "limit", 100, 1, 10_000);
            Http.json(ctx, store.alerts(limit, null));
        });
        a.before("/api/stream", ctx -> {
            resumeAfter(ctx);   // a malformed id is a 400 before the stream opens
            if (clients.size() >= MAX_CLIENTS) {
                heartbeat();   // finds the streams whose page went away since the last beat
                if (clients.size() >= MAX_CLIENTS) {
                    throw new Full();
                }
            }
        });
        a.exception(Full.class, (e, ctx) -> Http.error(ctx, 503, "too many event streams open (at most " + MAX_CLIENTS
                + "): close a desk tab", null));
        a.exception(NotAcceptable.class, (e, ctx) -> Http.error(ctx, 406, e.getMessage(), "Accept"));
        a.get("/api/stream", ctx -> {
            requireEventStream(ctx.header("Accept"));
            openStream(ctx, this::join);
        });
    }

    /**
     * Javalin's {@code sse()} opens the stream only for {@code Accept: text/event-stream} exactly: {@code curl -N
     * /api/stream} (curl sends {@code Accept: *}{@code /*}), a client sending none or {@code text/event-stream, *}{@code /*}
     * got an empty 200 {@code text/plain} and nothing else. The stream is all this path serves: it is opened for any
     * Accept that takes it, and refused (406, one line) by one that does not.
     */
    static void requireEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*")) {
                return;
            }
        }
        String shown = accept.length() > 60 ? accept.substring(0, 60) + "…" : accept;
        throw new NotAcceptable("Accept: '" + shown + "' does not take text/event-stream, all /api/stream sends (server-sent events: "
                + "hello, tick, alert, heartbeat, journal); send Accept: text/event-stream or none");
    }

    /** What Javalin's SseHandler does once the Accept header suits it: the event-stream headers, then the client, held open. */
    private static void openStream(Context ctx, java.util.function.Consumer<SseClient> joined) throws java.io.IOException {
        jakarta.servlet.http.HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.addHeader("Connection", "close");
        res.addHeader("Cache-Control", "no-cache");
        res.addHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        ctx.async(cfg -> cfg.timeout = 0, () -> joined.accept(new SseClient(ctx)));
    }

    /** A client whose stream opened: the catch-up, then every event. */
    private void join(SseClient client) {
        long after = resumeAfter(client.ctx());
        client.keepAlive();
        Stream s = new Stream(client);
        client.onClose(() -> {
            s.gone = true;
            clients.remove(s);
        });
        synchronized (this) {
            // under the lock alerts are broadcast with: nothing raised between the catch-up and joining is missed
            s.offer("hello", Http.write(Map.of("heartbeatMs", heartbeatMs, "databaseId", store.databaseId())), null);
            s.offer("tick", Http.write(lastTick), null);
            if (after >= 0) {
                for (DeskStore.AlertRow r : store.alertsAfter(after, MAX_RESUME)) {
                    s.offer("alert", Http.write(r), String.valueOf(r.id()));
                }
            }
            if (!s.gone) {
                clients.add(s);
            }
        }
    }

    /** The last alert id the client saw: {@code Last-Event-ID} (browser reconnection) or {@code ?lastEventId=}; -1 if none. */
    static long resumeAfter(Context ctx) {
        String h = ctx.header("Last-Event-ID");
        String q = ctx.queryParam("lastEventId");
        String v = h != null && !h.isBlank() ? h.trim() : q;
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            if (!io.perpguard.Checks.digits(v.trim())) {   // Long.parseLong reads +1 and ١ as 1
                throw new NumberFormatException(v);
            }
            long id = Long.parseLong(v.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String shown = v.length() > 40 ? v.substring(0, 40) + "…" : v;
        throw new InvalidInputException("lastEventId", "'" + shown + "' is not an alert id (a whole number from 0)");
    }

    /** Streams open now. */
    int clientCount() {
        return clients.size();
    }

    @Override
    public void tick(DeskView.Snapshot snapshot) {
        lastTick = snapshot;
        broadcast("tick", snapshot, null);
    }

    @Override
    public void alert(DeskStore.AlertRow alert) {
        broadcast("alert", alert, String.valueOf(alert.id()));
    }

    /**
     * The trade journal changed (a trade imported or deleted, by any tab or API client): a {@code journal} event tells
     * every page to fetch {@code /api/journal} again. Positions and sub-accounts need none: each change of them
     * publishes a {@code tick} with the desk as it now stands.
     */
    void journalChanged() {
        broadcast("journal", Map.of("ms", System.currentTimeMillis()), null);
    }

    private void heartbeat() {
        try {
            broadcast("heartbeat", Map.of("ms", System.currentTimeMillis()), null);
        } catch (RuntimeException e) {
            // the next beat tries again
        }
    }

    /** Queues the event for every stream (never waits for one to take it). */
    private synchronized void broadcast(String event, Object data, String id) {
        for (Stream s : clients) {
            if (s.client.terminated()) {
                s.drop();
            }
        }
        if (clients.isEmpty()) {
            return;
        }
        String text;
        try {
            text = Http.write(data);
        } catch (RuntimeException e) {
            return;
        }
        for (Stream s : clients) {
            s.offer(event, text, id);
        }
    }

    @Override
    public void close() {
        Stop.now(timer);
        Stop.now(writers);
        for (Stream s : clients) {
            s.gone = true;
            try {
                s.client.close();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
        clients.clear();
    }

    /** An Accept header that takes no event stream. */
    static final class NotAcceptable extends RuntimeException {
        NotAcceptable(String message) {
            super(message, null, false, false);
        }
    }

    /** One stream too many. */
    static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }
}
