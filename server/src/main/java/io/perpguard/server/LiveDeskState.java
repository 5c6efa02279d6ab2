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
    private final Deque<Map<String, Object>> alerts = new ArrayDeque<>();

    @Override
    public synchronized void update(WatchView view) {
        views.put(view.account(), view);
    }

    @Override
    public synchronized void alert(LiveAlert alert) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = io.perpguard.app.json.Json.MAPPER.convertValue(alert.toJson(), Map.class);
        alerts.addLast(m);
        while (alerts.size() > KEEP_ALERTS) {
            alerts.removeFirst();
        }
    }

    @Override
    public synchronized Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "live");
        m.put("accounts", new ArrayList<>(views.values()));
        m.put("alerts", List.copyOf(alerts));
        return m;
    }
}
