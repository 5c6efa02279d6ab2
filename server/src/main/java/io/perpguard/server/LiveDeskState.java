package io.perpguard.server;

import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code serve --live}: the live watcher's latest views and alerts, as the desk's {@code GET /api/live} serves them. */
public final class LiveDeskState implements WatchSink, LiveFeed {
    private static final int KEEP_ALERTS = 200;
    private final Map<String, WatchView> views = new LinkedHashMap<>();
    private final Deque<LiveAlert> alerts = new ArrayDeque<>();
    private final List<io.perpguard.live.alert.Outbox.Refusal> refused = new ArrayList<>();

    @Override
    public synchronized void update(WatchView view) {
        views.put(view.account(), view);
    }

    @Override
    public synchronized void alert(LiveAlert alert) {
        alerts.addLast(alert);
        while (alerts.size() > KEEP_ALERTS) {
            alerts.removeFirst();
        }
    }

    /** An alert channel refused for good (told once per channel). */
    synchronized void refused(io.perpguard.live.alert.Outbox.Refusal r) {
        refused.add(r);
    }

    @Override
    public synchronized State state() {
        return new State("live", new ArrayList<>(views.values()), List.copyOf(alerts), List.copyOf(refused));
    }
}
