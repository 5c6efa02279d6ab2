package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code GET /api/alerts} and the server-sent event stream {@code /api/stream}: every tick of the monitor and every alert
 * goes to each connected client.
 */
final class AlertRoutes implements Routes, DeskMonitor.Sink, AutoCloseable {
    private final DeskStore store;
    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private volatile Object lastTick = Map.of();

    AlertRoutes(DeskStore store) {
        this.store = store;
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/alerts", ctx -> {
            int limit = Http.wholeQuery(ctx.queryParam("limit"), "limit", 100, 1, 10_000);
            Http.json(ctx, store.alerts(limit, null));
        });
        a.sse("/api/stream", client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            client.sendEvent("tick", Http.write(lastTick));
        });
    }

    @Override
    public void tick(DeskView.Snapshot snapshot) {
        lastTick = snapshot;
        broadcast("tick", snapshot);
    }

    @Override
    public void alert(DeskStore.AlertRow alert) {
        broadcast("alert", alert);
    }

    private void broadcast(String event, Object data) {
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
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    c.sendEvent(event, text);
                }
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void close() {
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }
}
