package io.perpguard.server;

import io.perpguard.app.explain.AlertText;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlert;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Margin monitoring: on every mark step, re-prices every sub-account and runs {@link MarginAlertRules} on each
 * subject — the cross margin ratio of a sub-account ({@code sub:ID}) and each isolated position ({@code pos:ID}).
 * Raised alerts are stored and handed to the sink (the dashboard's event stream). What the rules remember per subject
 * ({@link AlertState}) is stored too and loaded at start, so a restarted desk does not alert again a crossing it has
 * alerted; a mark no later than the last one a subject has seen (a replay started over) is not evaluated again.
 */
final class DeskMonitor implements MarkSource.Listener {
    /** Where ticks and alerts go (the SSE broadcaster). */
    interface Sink {
        void tick(DeskView.Snapshot snapshot);

        void alert(DeskStore.AlertRow alert);
    }

    private final DeskStore store;
    private final DeskView view;
    private final AccountBook book;
    private final AlertPolicy policy;
    private final Sink sink;
    private final Map<String, AlertState> states = new HashMap<>();
    private volatile Map<String, Double> marks = Map.of();
    private volatile long timeMs;

    DeskMonitor(DeskStore store, DeskView view, AccountBook book, AlertPolicy policy, Sink sink) {
        this.store = store;
        this.view = view;
        this.book = book;
        this.policy = policy;
        this.sink = sink;
        this.states.putAll(store.alertStates());
    }

    @Override
    public synchronized void onMarks(long time, Map<String, Double> newMarks) {
        this.marks = Map.copyOf(new LinkedHashMap<>(newMarks));
        this.timeMs = time;
        List<DeskView.Priced> priced = view.price(marks);
        List<DeskStore.AlertRow> raised = new ArrayList<>();
        for (DeskView.Priced p : priced) {
            if (p.report() == null) {
                continue;
            }
            boolean anyCross = false;
            for (int i = 0; i < p.rows().size(); i++) {
                PositionReport r = p.report().positions().get(i);
                if (r.marginMode() == MarginMode.ISOLATED) {
                    DeskStore.PositionRow row = p.rows().get(i);
                    raised.addAll(apply("pos:" + row.id(), p.sub().id(), row.id(), row.symbol(), r.marginRatio(), time,
                            p.sub().name() + " " + row.symbol() + " " + r.side().label() + " isolated: "));
                } else {
                    anyCross = true;
                }
            }
            if (anyCross) {
                raised.addAll(apply("sub:" + p.sub().id(), p.sub().id(), null, null, p.report().marginRatio(), time,
                        p.sub().name() + " cross: "));
            }
        }
        // the venue's liquidations: closed with their loss booked, then priced again as the trader's account now stands
        List<AccountBook.Settled> settled = book.settle(priced, marks, time);
        if (!settled.isEmpty()) {
            for (AccountBook.Settled st : settled) {
                for (DeskStore.Closing c : st.closings()) {
                    forget("pos:" + c.position().id());
                }
                if (st.cross()) {
                    forget("sub:" + st.sub().id());
                }
            }
            priced = view.price(marks);
        }
        sink.tick(view.snapshot(priced, time, marks));
        for (DeskStore.AlertRow a : raised) {
            sink.alert(a);
        }
    }

    private List<DeskStore.AlertRow> apply(String subject, long subId, Long posId, String symbol, double ratio, long time, String prefix) {
        AlertState before = states.getOrDefault(subject, AlertState.INITIAL);
        if (time <= before.lastTimeMs()) {
            return List.of();   // already judged at this mark time (before a restart): its alerts, if any, are stored
        }
        MarginAlertRules.Step step = MarginAlertRules.evaluate(policy, before, ratio, time);
        states.put(subject, step.state());
        if (!step.state().equals(before)) {
            store.saveAlertState(subject, step.state());
        }
        List<DeskStore.AlertRow> out = new ArrayList<>();
        for (MarginAlert a : step.alerts()) {
            out.add(store.addAlert(subject, subId, posId, symbol, a, prefix + AlertText.message(a)));
        }
        return out;
    }

    /** Forgets what the rules remember about a subject (its position or sub-account was changed). */
    synchronized void reset(String subject) {
        forget(subject);
    }

    private void forget(String subject) {
        states.remove(subject);
        store.deleteAlertState(subject);
    }

    /** Prices the account again at the current marks (after a change) and publishes the tick; judged subjects are not judged twice. */
    synchronized void refresh() {
        if (timeMs != 0) {
            onMarks(timeMs, marks);
        }
    }

    Map<String, Double> marks() {
        return marks;
    }

    long timeMs() {
        return timeMs;
    }
}
