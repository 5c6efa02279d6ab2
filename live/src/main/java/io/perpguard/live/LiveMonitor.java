package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.alert.AlertChannel;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.Outbox;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Connectors;
import io.perpguard.live.venue.ExchangeConnector;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.AlertStateStore;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live watching of one or more accounts, assembled: per account a venue connector and an {@link AccountWatcher};
 * every alert goes to the {@link Outbox} (all channels, durable, retried) and to the caller's sink (screen, desk).
 */
public final class LiveMonitor implements AutoCloseable {
    /**
     * One account to watch.
     *
     * @param name        shown in every line and alert
     * @param venue       {@code binance}
     * @param credentials its read-only key
     * @param config      hosts and timings
     */
    public record AccountSpec(String name, String venue, Credentials credentials, ConnectorConfig config) {
        @Override
        public String toString() {
            return "AccountSpec[" + name + " on " + venue + "]";
        }
    }

    private final List<AccountWatcher> watchers = new ArrayList<>();
    private final List<ExchangeConnector> connectors = new ArrayList<>();
    private final Outbox outbox;
    private final WatchSink screen;

    /**
     * Connects nothing yet: builds connectors and checks each key's permissions (fails when a key can trade or
     * withdraw, unless allowed).
     *
     * @param stateDir where the outbox and the alert state live (null: a temporary outbox is not allowed — pass one)
     */
    public LiveMonitor(List<AccountSpec> accounts, List<AlertChannel> channels, AccountWatcher.Settings settings,
                       Path stateDir, boolean allowTradingKey, WatchSink screen, Outbox.Listener deliveries) {
        this.screen = screen;
        this.outbox = new Outbox(stateDir.resolve("outbox"), channels, deliveries);
        WatchSink fanOut = new WatchSink() {
            @Override
            public void update(WatchView view) {
                screen.update(view);
            }

            @Override
            public void alert(LiveAlert alert) {
                outbox.submit(alert);
                screen.alert(alert);
            }

            @Override
            public void afterAlerts(Runnable write) {
                outbox.afterQueued(write);
            }

            @Override
            public void fault(String account, String line) {
                screen.fault(account, line);
            }

            @Override
            public void mark(String account, io.perpguard.live.venue.MarkUpdate mark) {
                screen.mark(account, mark);
            }
        };
        try {
            for (AccountSpec a : accounts) {
                ExchangeConnector c = Connectors.create(a.venue(), a.credentials(), a.config());
                connectors.add(c);
                String perms = c.checkPermissions(allowTradingKey);
                screen.fault(a.name(), a.venue() + " key: " + perms);
                Map<String, RiskTiers> tiers = c.tiers();
                for (String note : new String[]{c.pricingNote(), LiveInstruments.note(c.venue(), tiers)}) {
                    if (note != null) {
                        screen.fault(a.name(), note);
                    }
                }
                Instruments instruments = LiveInstruments.of(c.venue(), tiers, c.contracts());
                AlertStateStore store = new AlertStateStore(stateDir.resolve("alert-state-" + a.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".json"));
                if (store.notice() != null) {
                    screen.fault(a.name(), store.notice());
                }
                watchers.add(new AccountWatcher(a.name(), c, instruments, settings, store, fanOut));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every connector. */
    public void start() {
        watchers.forEach(AccountWatcher::start);
    }

    public List<AccountWatcher> watchers() {
        return List.copyOf(watchers);
    }

    public Outbox outbox() {
        return outbox;
    }

    @Override
    public void close() {
        for (AccountWatcher w : watchers) {
            w.close();
        }
        for (ExchangeConnector c : connectors) {
            c.close();
        }
        outbox.close();
    }
}
