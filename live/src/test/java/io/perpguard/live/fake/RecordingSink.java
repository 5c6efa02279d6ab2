package io.perpguard.live.fake;

import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A watcher's screen for tests: every view, alert and status line it shows. */
public final class RecordingSink implements WatchSink {
    public final List<LiveAlert> alerts = new CopyOnWriteArrayList<>();
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<WatchView> views = new CopyOnWriteArrayList<>();
    private volatile WatchView last;

    /** The latest view of any account (null before the first). */
    public WatchView last() {
        return last;
    }

    @Override
    public void update(WatchView view) {
        last = view;
        views.add(view);
    }

    @Override
    public void alert(LiveAlert alert) {
        alerts.add(alert);
    }

    @Override
    public void fault(String account, String line) {
        lines.add(line);
    }
}
