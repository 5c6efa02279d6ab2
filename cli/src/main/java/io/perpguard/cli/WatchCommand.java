package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.LiveOptions;
import io.perpguard.live.alert.AlertChannel;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.Outbox;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code perpguard watch}: a real account, live, read-only; alerts to the terminal and to every configured channel. */
@Command(name = "watch", header = "Watches a real account live with a read-only key and alerts before liquidation.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch a real account live (read-only key): positions, liquidation price, distance, margin ratio and funding due,",
                "re-priced on every mark; margin, liquidation, funding and stale-data alerts to the terminal, webhooks, Telegram and e-mail.",
                "Key: PERPGUARD_<EXCHANGE>_KEY and _SECRET in the environment, or --key-file (chmod 600, key=... and secret=... lines)."})
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LiveOptions live;
    @Option(names = "--thresholds", paramLabel = "PCT,PCT,...", split = ",", description = "margin-ratio alert levels in %% (default 50,70,85)")
    double[] thresholds;
    @Option(names = "--stale-after", paramLabel = "SECONDS", defaultValue = "10", description = "no mark (or a feed fault) this long raises a stale alert (default 10)")
    double staleAfter;
    @Option(names = "--json", description = "one JSON object per update or alert, line by line")
    boolean json;
    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0", description = "stop after this long (default 0: until Ctrl-C)")
    double duration;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Ends a running watch as the end of {@code --duration} or Ctrl-C does (tests: once they saw what they wait for). */
    void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!(staleAfter >= 1 && staleAfter <= 3600)) {
            throw new InvalidInputException("stale-after", io.perpguard.Checks.fmt(staleAfter) + " is outside 1 to 3600 s");
        }
        if (!(duration >= 0)) {
            throw new InvalidInputException("duration", io.perpguard.Checks.fmt(duration) + " must be 0 or more");
        }
        List<LiveMonitor.AccountSpec> accounts = live.accounts();
        List<AlertChannel> channels = live.channels();
        AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(policy())
                .withStaleAfter(Duration.ofMillis((long) (staleAfter * 1000)));
        Path dir = live.stateDir();
        Screen screen = new Screen(out, spec.commandLine().getErr(), json);
        LiveMonitor monitor = live.monitor(accounts, channels, settings, screen, screen);
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

    /** Renders views, alerts and delivery results: a table (refreshed) or JSON lines. */
    static final class Screen implements WatchSink, Outbox.Listener {
        private final PrintWriter out, err;
        private final boolean json;
        private final boolean tty = System.console() != null;
        private final Map<String, WatchView> views = new LinkedHashMap<>();
        private long lastTableMs;
        private String lastTable = "";

        Screen(PrintWriter out, boolean json) {
            this(out, null, json);
        }

        /** @param err where a refusing channel is told too (null: the screen only) */
        Screen(PrintWriter out, PrintWriter err, boolean json) {
            this.out = out;
            this.err = err;
            this.json = json;
        }

        @Override
        public synchronized void update(WatchView v) {
            views.put(v.account(), v);
            if (json) {
                line(new Update("update", v.account(), v.venue(), v.timeMs(), v.stale(), v.staleReason(), v.walletBalance(), v.crossRatio(),
                        v.positions(), v.closed(), v.wallets(), v.assetMode(), v.collateral()));
                return;
            }
            long now = System.currentTimeMillis();
            if (now - lastTableMs < 1000) {
                return;
            }
            java.io.StringWriter sw = new java.io.StringWriter();
            PrintWriter pw = new PrintWriter(sw);
            for (WatchView w : views.values()) {
                table(pw, w);
            }
            pw.flush();
            String text = sw.toString();
            if (!tty && text.equals(lastTable)) {
                return;   // a log or a pipe gets a table when something changed, a terminal every second
            }
            lastTable = text;
            lastTableMs = now;
            if (tty) {
                out.print("\033[H\033[2J");
                out.println(Instant.ofEpochMilli(now));
            }
            out.print(text);
            out.flush();
        }

        private static void table(PrintWriter out, WatchView v) {
            StringBuilder wallets = new StringBuilder();
            if (v.wallets().isEmpty() && "binance-coinm".equals(v.venue())) {
                wallets.append("  wallets -");   // per coin, none read yet (connecting): no USDT wallet to show
            } else if (!v.collateral().isEmpty()) {
                // Binance Multi-Assets mode, Bybit UTA 2.0 cross: every margin asset backs the cross positions, each at its USD value after the haircut
                wallets.append("  ").append(v.assetMode()).append(" mode:");
                String sep = " ";
                for (WatchView.Collateral c : v.collateral()) {
                    wallets.append(sep).append(c.asset()).append(' ').append(Output.num(c.walletBalance(), c.asset().startsWith("USD") ? 2 : 8))
                            .append(" (").append(Output.num(c.valueUsd(), 2)).append(" USD)");
                    sep = ", ";
                }
                wallets.append("  cross margin ratio ").append(Output.pct(v.crossRatio(), 1));
            } else if (v.wallets().isEmpty()) {
                wallets.append("  wallet ").append(Output.num(v.walletBalance(), 2)).append(" USDT  cross margin ratio ").append(Output.pct(v.crossRatio(), 1));
                if ("single-asset".equals(v.assetMode())) {
                    wallets.append("  (single-asset mode)");
                }
            }
            for (WatchView.Wallet w : v.wallets()) {   // each asset its own wallet (COIN-M, inverse swaps, USDC): its balance and its cross ratio
                wallets.append("  wallet ").append(Output.num(w.walletBalance(), w.asset().startsWith("USD") ? 2 : 8)).append(' ').append(w.asset())
                        .append(" cross margin ratio ").append(Output.pct(w.crossRatio(), 1));
            }
            if (!v.wallets().isEmpty() && "single-asset".equals(v.assetMode())) {
                wallets.append("  (single-asset mode)");
            }
            out.println(v.account() + " (" + v.venue() + ")" + wallets + (v.stale() ? "  [STALE: " + v.staleReason() + "]" : ""));
            List<String[]> rows = new ArrayList<>();
            for (WatchView.Row r : v.positions()) {
                String g = r.stale() ? "~" : "";   // greyed: not current
                boolean coin = !r.currency().startsWith("USD");   // inverse: qty is USD face, amounts in the coin
                int pd = r.priceDecimals();   // the contract's tick, as the step for qty
                rows.add(new String[]{r.symbol(), r.side(), r.marginMode(), coin ? contracts(r) : Output.qty(r.qty(), r.qtyDecimals()),
                        Output.price(r.entryPrice(), pd),
                        g + Output.price(r.markPrice(), pd), r.pricingPending() ? "pending" : g + Output.num(r.liquidationPrice(), pd),
                        r.pricingPending() ? "-" : g + Output.num(r.distancePct(), 2) + " %",
                        Double.isFinite(r.distanceAtr()) ? Output.num(r.distanceAtr(), 1) : "-", g + Output.pct(r.marginRatio(), 1),
                        Output.pct(r.fundingRate(), 4), due(r),
                        r.nextFundingMs() > 0 ? Instant.ofEpochMilli(r.nextFundingMs()).toString().substring(11, 16) : "-",
                        openInterest(r)});
            }
            if (rows.isEmpty()) {
                out.println("  no open positions");
            } else {
                Output.table(out, new String[]{"symbol", "side", "mode", "qty", "entry", "mark", "liq. price", "to liq.", "ATRs",
                        "margin ratio", "funding", "due", "at (UTC)", "open interest"}, rows);
            }
            String fees = fees(v);
            if (!fees.isEmpty()) {
                out.println("  fees: " + fees);
            }
            for (WatchView.Closed c : v.closed()) {
                out.println("  closed: " + c.symbol() + " " + c.side() + " " + c.marginMode() + " " + c.reason()
                        + (Double.isFinite(c.price()) ? " near " + Output.price(c.price(), c.priceDecimals()) : ""));
            }
        }

        /**
         * Funding due in the position's settlement currency: a coin to the satoshi with its name ({@code 0.00001667 BTC}),
         * a dollar to the cent, named where it is not the account's USDT ({@code 3.00 USDC}: a USDC-margined contract).
         */
        static String due(WatchView.Row r) {
            if (!r.currency().startsWith("USD")) {
                return Output.num(r.fundingDue(), 8) + " " + r.currency();
            }
            return Output.num(r.fundingDue(), 2) + ("USDT".equals(r.currency()) ? "" : " " + r.currency());
        }

        /**
         * The fee rates each symbol is priced with and whose they are: {@code BTCUSDT taker 0.0180 %, maker 0.0000 % (account)}
         * — the account's own, read from the venue — or {@code (default)}, the contract's, when they cannot be read;
         * {@code BTCUSDT (reading)} while their first read is in flight (no rate to claim yet); a symbol held twice (hedge
         * legs) is named once.
         */
        static String fees(WatchView v) {
            java.util.Map<String, String> by = new LinkedHashMap<>();
            for (WatchView.Row r : v.positions()) {
                if ("reading".equals(r.feeSource())) {
                    by.putIfAbsent(r.symbol(), r.symbol() + " (reading)");
                } else if (r.feeSource() != null) {
                    by.putIfAbsent(r.symbol(), r.symbol() + " " + io.perpguard.app.explain.Numbers.feeRates(r.takerFee(), r.makerFee())
                            + " (" + r.feeSource() + ")");
                }
            }
            return String.join("; ", by.values());
        }

        /** An inverse position's size: {@code 100 × 100 USD} (contracts × face value), or its USD face when the contract is not known. */
        static String contracts(WatchView.Row r) {
            return Double.isFinite(r.contracts()) && r.contracts() > 0
                    ? Output.num(r.contracts(), 0) + " × " + Output.num(r.qty() / r.contracts(), 0) + " USD" : Output.num(r.qty(), 0) + " USD";
        }

        /** The contract's open interest in base units, named ({@code 10,659.51 BTC}); {@code -} where the venue gave none. */
        static String openInterest(WatchView.Row r) {
            double oi = r.openInterest();
            return Double.isFinite(oi) ? Output.num(oi, oi >= 1_000_000 ? 0 : 2) + " " + WatchView.baseAsset(r.symbol()) : "-";
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
                line(new Status("status", account, line));
            } else {
                out.println(account + ": " + line);
                out.flush();
            }
        }

        @Override
        public synchronized void delivered(Outbox.Delivery d) {
            if (json) {
                line(new DeliveryLine("delivery", "sent", d.channelId(), d.alert().dedupeKey(), d.attempts(), null, null));
            }
        }

        @Override
        public synchronized void failed(Outbox.Delivery d) {
            if (json) {
                line(new DeliveryLine("delivery", "retrying", d.channelId(), d.alert().dedupeKey(), d.attempts(), d.lastError(), d.nextMs()));
            } else {
                out.println("delivery " + d.channelId() + " failed (" + d.lastError() + "), attempt " + d.attempts() + "; retrying");
                out.flush();
            }
        }

        /** A channel refused for good: said once, on the screen and on stderr (a log of stdout may not be read). */
        @Override
        public synchronized void refused(Outbox.Refusal r) {
            if (json) {
                line(new DeliveryLine("delivery", "refused", r.channelId(), null, 0, r.answer(), null));
            } else {
                out.println("delivery " + r.channelId() + ": " + r.message());
                out.flush();
            }
            if (err != null) {
                err.println("perpguard watch: " + r.message());
                err.flush();
            }
        }

        /** {@code watch --json} lines: an account's view, a connection status, an alert delivery. */
        record Update(String type, String account, String venue, long timeMs, boolean stale, String staleReason, double walletBalance,
                      double crossMarginRatio, List<WatchView.Row> positions, List<WatchView.Closed> closed, List<WatchView.Wallet> wallets,
                      String assetMode, List<WatchView.Collateral> collateral) {
        }

        record Status(String type, String account, String message) {
        }

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        record DeliveryLine(String type, String status, String channel, String dedupeKey, int attempts, String error, Long nextMs) {
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

}
