package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.perpguard.InvalidInputException;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * </ul>
 */
final class AlertRoutes implements Routes, DeskMonitor.Sink, AutoCloseable {
    /** Alerts sent to a resuming client at most (the page keeps fewer). */
    static final int MAX_RESUME = 1000;
    /** Concurrent event streams at most. */
    static final int MAX_CLIENTS = 256;
    /** Default period of the heartbeat event; {@code -Dperpguard.sse.heartbeatMs} changes it. */
    static final long DEFAULT_HEARTBEAT_MS = 15_000;

    private final DeskStore store;
    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final long heartbeatMs;
    private final ScheduledExecutorService timer;
    private volatile Object lastTick = Map.of();

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
                heartbeat();   // drops the streams whose page went away since the last beat
                if (clients.size() >= MAX_CLIENTS) {
                    throw new Full();
                }
            }
        });
        a.exception(Full.class, (e, ctx) -> Http.error(ctx, 503, "too many event streams open (at most " + MAX_CLIENTS
                + "): close a desk tab", null));
        a.sse("/api/stream", client -> {
            long after = resumeAfter(client.ctx());
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            synchronized (this) {
                // under the lock alerts are broadcast with: nothing raised between the catch-up and joining is missed
                client.sendEvent("hello", Http.write(Map.of("heartbeatMs", heartbeatMs)));
                client.sendEvent("tick", Http.write(lastTick));
                if (after >= 0) {
                    for (DeskStore.AlertRow r : store.alertsAfter(after, MAX_RESUME)) {
                        client.sendEvent("alert", Http.write(r), String.valueOf(r.id()));
                    }
                }
                if (!client.terminated()) {
                    clients.add(client);
                }
            }
        });
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

    private void heartbeat() {
        try {
            broadcast("heartbeat", Map.of("ms", System.currentTimeMillis()), null);
        } catch (RuntimeException e) {
            // the next beat tries again
        }
    }

    private synchronized void broadcast(String event, Object data, String id) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
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
        for (SseClient c : clients) {
            try {
                c.sendEvent(event, text, id);
                if (c.terminated()) {
                    clients.remove(c);   // the write found the client gone
                }
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
        clients.clear();
    }

    /** One stream too many. */
    static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }
}
