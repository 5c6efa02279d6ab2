package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.LiveConfig;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.alert.AlertChannel;
import io.perpguard.live.alert.EmailChannel;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.Outbox;
import io.perpguard.live.alert.TelegramChannel;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyLoader;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Connectors;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@code perpguard watch}: a real account, live, read-only; alerts to the terminal and to every configured channel. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch a real account live (read-only key): positions, liquidation price, distance, margin ratio and funding due,",
                "re-priced on every mark; margin, liquidation, funding and stale-data alerts to the terminal, webhooks, Telegram and e-mail.",
                "Key: PERPGUARD_<EXCHANGE>_KEY and _SECRET in the environment, or --key-file (chmod 600, key=... and secret=... lines)."})
public final class WatchCommand implements Callable<Integer> {
    /** The environment (tests replace it). */
    static Function<String, String> env = System::getenv;

    @Spec
    CommandSpec spec;

    @Option(names = "--exchange", paramLabel = "VENUE", description = "venue: binance (USDⓈ-M futures)")
    String exchange;
    @Option(names = "--account", paramLabel = "NAME", description = "name shown in lines and alerts (default: the exchange)")
    String account;
    @Option(names = "--config", paramLabel = "FILE", description = "several accounts (venues, sub-accounts) from a JSON file; see docs/live.md")
    Path config;
    @Option(names = "--key-file", paramLabel = "FILE", description = "key=..., secret=... (passphrase=...) file readable only by you")
    Path keyFile;
    @Option(names = "--rest-url", paramLabel = "URL", description = "REST host (default https://fapi.binance.com)")
    String restUrl;
    @Option(names = "--ws-url", paramLabel = "URL", description = "WebSocket root (default wss://fstream.binance.com; /market and /private are added)")
    String wsUrl;
    @Option(names = "--account-url", paramLabel = "URL", description = "key-permission host (default https://api.binance.com, or --rest-url when given)")
    String accountUrl;
    @Option(names = "--webhook", paramLabel = "URL", description = "POST every alert as JSON here (repeatable); signed with PERPGUARD_WEBHOOK_SECRET when set")
    List<String> webhooks = new ArrayList<>();
    @Option(names = "--telegram-chat", paramLabel = "CHAT_ID", description = "send alerts to this Telegram chat (bot token in PERPGUARD_TELEGRAM_TOKEN)")
    String telegramChat;
    @Option(names = "--telegram-api", paramLabel = "URL", description = "Telegram Bot API host (default https://api.telegram.org)")
    String telegramApi;
    @Option(names = "--smtp", paramLabel = "HOST:PORT", description = "send alerts by e-mail through this SMTP server (password in PERPGUARD_SMTP_PASSWORD)")
    String smtp;
    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP login")
    String smtpUser;
    @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "sender address")
    String mailFrom;
    @Option(names = "--mail-to", paramLabel = "ADDRESS", description = "recipient address(es), comma separated")
    String mailTo;
    @Option(names = "--thresholds", paramLabel = "PCT,PCT,...", split = ",", description = "margin-ratio alert levels in %% (default 50,70,85)")
    double[] thresholds;
    @Option(names = "--stale-after", paramLabel = "SECONDS", defaultValue = "10", description = "no mark (or a feed fault) this long raises a stale alert (default 10)")
    double staleAfter;
    @Option(names = "--state", paramLabel = "DIR", description = "where the alert outbox and state live (default ~/.perpguard/live)")
    Path state;
    @Option(names = "--allow-trading-key", description = "accept a key that can trade or withdraw (not recommended)")
    boolean allowTradingKey;
    @Option(names = "--json", description = "one JSON object per update or alert, line by line")
    boolean json;
    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0", description = "stop after this long (default 0: until Ctrl-C)")
    double duration;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (config == null && (exchange == null || exchange.isBlank())) {
            throw new InvalidInputException("exchange", "is missing: --exchange " + String.join("|", Connectors.VENUES) + " or --config FILE");
        }
        if (!(staleAfter >= 1 && staleAfter <= 3600)) {
            throw new InvalidInputException("stale-after", io.perpguard.Checks.fmt(staleAfter) + " is outside 1 to 3600 s");
        }
        if (!(duration >= 0)) {
            throw new InvalidInputException("duration", io.perpguard.Checks.fmt(duration) + " must be 0 or more");
        }
        Map<String, String> envMap = new EnvMap();
        ConnectorConfig defaults = ConnectorConfig.defaults().withUrls(restUrl, wsUrl);
        defaults = new ConnectorConfig(defaults.restUrl(), defaults.wsUrl(), accountUrl, defaults.recvWindow(), defaults.silence(),
                defaults.resyncEvery(), defaults.keepaliveEvery(), defaults.timeout());
        List<LiveMonitor.AccountSpec> accounts = new ArrayList<>();
        List<String> hooks = new ArrayList<>(webhooks);
        if (config != null) {
            LiveConfig.Parsed p = LiveConfig.read(config, envMap, defaults);
            accounts.addAll(p.accounts());
            hooks.addAll(p.webhooks());
        } else {
            String venue = Connectors.canonical(exchange);
            Connectors.create(venue, new Credentials("probe", "probe"), defaults).close();   // unknown venue: one line, before any key talk
            Credentials c = keyFile != null ? KeyLoader.fromFile(keyFile) : KeyLoader.fromEnv(envMap, KeyLoader.envPrefix(venue));
            accounts.add(new LiveMonitor.AccountSpec(account != null ? account : venue, venue, c, defaults));
        }
        List<AlertChannel> channels = channels(hooks);
        AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(policy())
                .withStaleAfter(Duration.ofMillis((long) (staleAfter * 1000)));
        Path dir = state != null ? state : Path.of(System.getProperty("user.home"), ".perpguard", "live");
        Screen screen = new Screen(out, json);
        LiveMonitor monitor;
        try {
            monitor = new LiveMonitor(accounts, channels, settings, dir, allowTradingKey, screen, screen);
        } catch (io.perpguard.live.venue.VenueException e) {
            throw new InvalidInputException("exchange", e.getMessage());   // key refused, host unreachable: one line, exit 2
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            monitor.close();
            stop.countDown();
        }, "perpguard-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!json) {
            out.println("perpguard watch: " + accounts.size() + " account(s); alerts to the terminal"
                    + (channels.isEmpty() ? "" : " and " + String.join(", ", channels.stream().map(AlertChannel::describe).toList()))
                    + "; outbox " + dir.resolve("outbox") + (duration > 0 ? "" : "; Ctrl-C stops"));
            out.flush();
        }
        monitor.start();
        if (duration > 0) {
            stop.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            monitor.close();
        } else {
            stop.await();
        }
        return 0;
    }

    private AlertPolicy policy() {
        AlertPolicy policy = AlertPolicy.DEFAULT;
        if (thresholds == null) {
            return policy;
        }
        double[] f = new double[thresholds.length];
        for (int i = 0; i < f.length; i++) {
            if (!(thresholds[i] > 0 && thresholds[i] < 100)) {
                throw new InvalidInputException("thresholds", io.perpguard.Checks.fmt(thresholds[i]) + " is outside 0 to 100 %");
            }
            f[i] = thresholds[i] / 100;
        }
        return new AlertPolicy(f, policy.rearmGap(), policy.fastRise(), policy.fastWindowMs());
    }

    private List<AlertChannel> channels(List<String> hooks) {
        List<AlertChannel> out = new ArrayList<>();
        String secret = env.apply("PERPGUARD_WEBHOOK_SECRET");
        for (String h : hooks) {
            URI u;
            try {
                u = URI.create(h.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("webhook", h + " is not a URL");
            }
            try {
                out.add(new WebhookChannel(u, secret));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("webhook", h + " is not an http(s) URL");
            }
        }
        if (telegramChat != null) {
            out.add(new TelegramChannel(telegramApi, env.apply("PERPGUARD_TELEGRAM_TOKEN"), telegramChat));
        }
        if (smtp != null) {
            int colon = smtp.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? 587 : Integer.parseInt(smtp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("smtp", smtp + " is not HOST:PORT");
            }
            if (mailTo == null) {
                throw new InvalidInputException("mail-to", "is missing: --smtp needs --mail-to ADDRESS");
            }
            String host = colon < 0 ? smtp : smtp.substring(0, colon);
            out.add(new EmailChannel(new EmailChannel.Smtp(host, port, smtpUser, env.apply("PERPGUARD_SMTP_PASSWORD"),
                    mailFrom != null ? mailFrom : mailTo.split(",")[0].trim(), mailTo, port == 587)));
        }
        return out;
    }

    /** Renders views, alerts and delivery results: a table (refreshed) or JSON lines. */
    static final class Screen implements WatchSink, Outbox.Listener {
        private final PrintWriter out;
        private final boolean json;
        private final boolean tty = System.console() != null;
        private final Map<String, WatchView> views = new LinkedHashMap<>();
        private long lastTableMs;

        Screen(PrintWriter out, boolean json) {
            this.out = out;
            this.json = json;
        }

        @Override
        public synchronized void update(WatchView v) {
            views.put(v.account(), v);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "update");
                m.put("account", v.account());
                m.put("venue", v.venue());
                m.put("timeMs", v.timeMs());
                m.put("stale", v.stale());
                m.put("staleReason", v.staleReason());
                m.put("walletBalance", v.walletBalance());
                m.put("crossMarginRatio", v.crossRatio());
                m.put("positions", v.positions());
                m.put("closed", v.closed());
                line(m);
                return;
            }
            long now = System.currentTimeMillis();
            if (now - lastTableMs < 1000) {
                return;
            }
            lastTableMs = now;
            if (tty) {
                out.print("\033[H\033[2J");
            }
            for (WatchView w : views.values()) {
                table(w);
            }
            out.flush();
        }

        private void table(WatchView v) {
            out.println(v.account() + " (" + v.venue() + ") " + Instant.ofEpochMilli(v.timeMs()) + "  wallet " + Output.num(v.walletBalance(), 2)
                    + " USDT  cross margin ratio " + Output.pct(v.crossRatio(), 1)
                    + (v.stale() ? "  [STALE: " + v.staleReason() + "]" : ""));
            List<String[]> rows = new ArrayList<>();
            for (WatchView.Row r : v.positions()) {
                String g = r.stale() ? "~" : "";   // greyed: not current
                rows.add(new String[]{r.symbol(), r.side(), r.marginMode(), Output.num(r.qty(), 3), Output.num(r.entryPrice(), 2),
                        g + Output.num(r.mark(), 2), g + Output.num(r.liquidationPrice(), 2), g + Output.num(r.distancePct(), 2) + " %",
                        Double.isFinite(r.distanceAtr()) ? Output.num(r.distanceAtr(), 1) : "-", g + Output.pct(r.marginRatio(), 1),
                        Output.pct(r.fundingRate(), 4), Output.num(r.fundingDue(), 2),
                        r.nextFundingMs() > 0 ? Instant.ofEpochMilli(r.nextFundingMs()).toString().substring(11, 16) : "-"});
            }
            if (rows.isEmpty()) {
                out.println("  no open positions");
            } else {
                Output.table(out, new String[]{"symbol", "side", "mode", "qty", "entry", "mark", "liq. price", "to liq.", "ATRs",
                        "margin ratio", "funding", "due", "at (UTC)"}, rows);
            }
            for (WatchView.Closed c : v.closed()) {
                out.println("  closed: " + c.symbol() + " " + c.side() + " " + c.marginMode() + " " + c.reason()
                        + (Double.isFinite(c.price()) ? " near " + Output.num(c.price(), 2) : ""));
            }
        }

        @Override
        public synchronized void alert(LiveAlert a) {
            if (json) {
                out.println(a.toJsonString());
            } else {
                out.println("ALERT " + Instant.ofEpochMilli(a.raisedAtMs()) + " " + a.message());
            }
            out.flush();
        }

        @Override
        public synchronized void fault(String account, String line) {
            if (json) {
                line(Map.of("type", "status", "account", account, "message", line));
            } else {
                out.println(account + ": " + line);
                out.flush();
            }
        }

        @Override
        public synchronized void delivered(Outbox.Delivery d) {
            if (json) {
                line(Map.of("type", "delivery", "status", "sent", "channel", d.channelId(), "dedupeKey", d.alert().dedupeKey(), "attempts", d.attempts()));
            }
        }

        @Override
        public synchronized void failed(Outbox.Delivery d) {
            if (json) {
                line(Map.of("type", "delivery", "status", "retrying", "channel", d.channelId(), "dedupeKey", d.alert().dedupeKey(),
                        "attempts", d.attempts(), "error", d.lastError(), "nextMs", d.nextMs()));
            } else {
                out.println("delivery " + d.channelId() + " failed (" + d.lastError() + "), attempt " + d.attempts() + "; retrying");
                out.flush();
            }
        }

        private void line(Object o) {
            try {
                out.println(Output.JSON.writeValueAsString(o));
                out.flush();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The environment through {@link #env}, as a map for the key loader. */
    private static final class EnvMap extends java.util.AbstractMap<String, String> {
        @Override
        public String get(Object key) {
            return env.apply((String) key);
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return java.util.Set.of();
        }
    }
}
