package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.app.spi.FrontEndCommand;
import io.perpguard.live.LiveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code perpguard serve}: the risk desk — JSON API, dashboard, margin alerts on replayed real marks. */
@Command(name = "serve", header = "Starts the risk desk: dashboard, JSON API and margin alerts.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the risk desk: dashboard and JSON API on http://127.0.0.1:7070/, accounts in an embedded database,",
                "margin alerts on a replay of real Binance marks (2025-10-06..19, through the 10 October crash)."})
public final class ServeCommand implements Callable<Integer> {
    /** Adds {@code serve} to {@code ./perpguard} when this module is on the class path. */
    public static final class Plugin implements FrontEndCommand {
        @Override
        public Object command() {
            return new ServeCommand();
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "TCP port (default 7070; 0 = any free port)")
    int port;
    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "interface to listen on (default 127.0.0.1)")
    String bind;
    @Option(names = "--db", paramLabel = "JDBC_URL", description = "database (default: an H2 file in the user's data directory)")
    String db;
    @Option(names = "--replay-speed", paramLabel = "HOURS_PER_SECOND", defaultValue = "2",
            description = "replayed hours of marks per real second, 0 (paused) to 1000 (default 2)")
    double speed;
    @Option(names = "--alert-thresholds", paramLabel = "PCT", split = ",", description = "margin-ratio alert levels in %%, comma-separated: --alert-thresholds 50,70,85 (the default)")
    double[] thresholds;
    @Option(names = "--returns", paramLabel = "DIR",
            description = "daily candle CSVs (SYMBOL-*.csv) for POST /api/portfolio's betas, VaR and crash-day scenarios")
    java.nio.file.Path returns;
    @Option(names = "--sim-candles", paramLabel = "FILE",
            description = "candle CSV for the dashboard's Monte Carlo survival chart (default: the replay's hourly bars)")
    java.nio.file.Path simCandles;
    @Option(names = "--tiers", paramLabel = "FILE",
            description = "Binance GET /fapi/v1/leverageBracket JSON to use instead of the bundled 2024-10-24 tables")
    java.nio.file.Path tiers;
    @Option(names = "--token", paramLabel = "TOKEN",
            description = "access token every request must carry (default: $PERPGUARD_TOKEN; generated and printed once when --bind is not loopback)")
    String token;
    @Option(names = "--allow-host", paramLabel = "NAME", description = "a further Host name requests may use (e.g. this machine's DNS name); repeatable")
    java.util.List<String> allowHosts;
    @Option(names = "--live", description = "show a real account instead of the replay (read-only key; see watch --help for the options); also /live.html and GET /api/live")
    boolean liveMode;
    @Mixin
    LiveOptions live;

    /** The token: given, else $PERPGUARD_TOKEN, else generated when other machines can reach the bind (null: loopback, none). */
    static DeskAccess access(String bind, String token, String envToken, java.util.List<String> allowHosts) {
        String t = token != null ? token : envToken != null && !envToken.isBlank() ? envToken.trim() : null;
        if (t == null && !DeskAccess.isLoopback(bind)) {
            t = DeskAccess.newToken();
        }
        return new DeskAccess(t, allowHosts);
    }

    @Override
    public Integer call() throws InterruptedException {
        // named as typed and in the API's range: DeskConfig allowed up to 10,000 as "replaySpeed", POST /api/replay 1,000
        io.perpguard.Checks.inRange("replay-speed", speed, 0, MarkFeed.MAX_SPEED);
        AlertPolicy policy = AlertPolicy.DEFAULT;
        if (thresholds != null) {
            double[] f = new double[thresholds.length];
            for (int i = 0; i < f.length; i++) {
                if (!(thresholds[i] > 0 && thresholds[i] < 100)) {
                    throw new InvalidInputException("alert-thresholds", io.perpguard.Checks.fmt(thresholds[i]) + " is outside 0 to 100 %");
                }
                if (i > 0 && !(thresholds[i] > thresholds[i - 1])) {
                    // named by the option, in the percent typed (the engine's message says thresholds: [0.7, 0.5])
                    throw new InvalidInputException("alert-thresholds", io.perpguard.Checks.fmt(thresholds[i - 1]) + ", "
                            + io.perpguard.Checks.fmt(thresholds[i]) + ": give the levels in ascending order, e.g. 50,70,85");
                }
                f[i] = thresholds[i] / 100;
            }
            policy = new AlertPolicy(f, policy.rearmGap(), policy.fastRise(), policy.fastWindowMs());
        }
        if (simCandles != null) {
            io.perpguard.data.market.CandleCsv.read(simCandles);   // a file that cannot be read is refused now, not on every survival request
        }
        String url = db != null ? db : DeskDatabase.defaultUrl();
        String given = token != null ? token : System.getenv("PERPGUARD_TOKEN");
        DeskAccess access = access(bind, token, System.getenv("PERPGUARD_TOKEN"), allowHosts);
        LiveDesk liveState = null;
        io.perpguard.live.LiveMonitor monitor = null;
        if (liveMode) {
            java.util.List<io.perpguard.live.LiveMonitor.AccountSpec> accounts = live.accounts();
            liveState = new LiveDesk();
            monitor = live.monitor(accounts, live.channels(), io.perpguard.live.watch.AccountWatcher.Settings.defaults().withPolicy(policy),
                    liveState, liveState);
            for (io.perpguard.live.watch.AccountWatcher w : monitor.watchers()) {
                liveState.register(w);
            }
        }
        DeskServer server = DeskServer.start(new DeskConfig(bind, port, url, speed, DeskConfig.DEFAULT_WARMUP, policy,
                io.perpguard.data.instrument.VenueInstruments.load(new io.perpguard.data.instrument.VenueInstruments.Source(
                        io.perpguard.venue.Exchange.BINANCE, tiers, io.perpguard.data.store.Database.dataDirectory(), null, null)),
                DeskConfig.DEFAULT_MAX_BODY, returns, simCandles, access), liveState);
        // settle the heap once: start-up's live data moves to the old generation now, in one collection, instead of
        // being copied by the first young collections under load (they would pause requests for tens of ms)
        System.gc();
        io.perpguard.live.LiveMonitor m = monitor;
        LiveDesk ld = liveState;
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                if (m != null) {
                    m.close();
                    ld.close();
                }
                server.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "perpguard-desk-stop"));
        if (m != null) {
            m.start();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("perpguard risk desk: " + server.url());
        if (!DeskAccess.isLoopback(bind)) {
            out.println("  listening on " + bind + ":" + server.port() + " — reachable from other machines; every request needs the token");
        }
        if (access.token() != null && (given == null || given.isBlank())) {
            out.println("  access token (printed once, not stored): " + access.token());
            out.println("  open " + server.url() + "?token=" + access.token() + " or send 'Authorization: Bearer TOKEN'");
        } else if (access.token() != null) {
            out.println("  access token: as given (--token / PERPGUARD_TOKEN)");
        }
        out.println("  database: " + server.dbUrl());
        out.println("  API: " + server.url() + "api/health, description at " + server.url() + "api/openapi.json");
        if (m != null) {
            out.println("  LIVE: the dashboard shows " + m.watchers().size() + " real account(s) (read-only, desk account '" + LiveMirror.ACCOUNT
                    + "'), each by its venue's rules at its own marks (hand-entered accounts at their stored marks); the watchers' own view at " + server.url() + "live.html");
        } else {
            out.println("  marks: REPLAY of Binance USDT-M hourly closes 2025-10-06..19 at " + io.perpguard.Checks.fmt(speed)
                    + " h/s" + (speed == 0 ? " (paused)" : "") + " (not your account; serve --live --exchange X shows yours)");
        }
        if (returns != null) {
            out.println("  portfolio returns: " + returns);
        }
        out.println("  Ctrl-C stops");
        out.flush();
        try {
            server.join();
        } catch (InterruptedException e) {   // embedded (tests, a host process): an interrupt stops the desk and its watchers
            stop.run();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
