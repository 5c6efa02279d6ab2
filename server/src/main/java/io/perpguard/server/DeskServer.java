package io.perpguard.server;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The risk desk: JSON API, dashboard and margin monitoring in one process. This class only wires: it opens the store,
 * starts the mark source, and hands each route group ({@link StatusRoutes}, {@link CalculatorRoutes},
 * {@link PlanningRoutes}, {@link JournalRoutes}, {@link AccountRoutes}, {@link AlertRoutes}) its dependencies. Routes
 * parse, call the use cases in {@code app} and answer their results, as the CLI's {@code --json}. Every error is JSON
 * {@code {error, field}}: 400 for bad input, 404 unknown ids or paths, 409 a conflict with the stored state, 413 bodies
 * over the limit (64 KiB; a journal import 8 MiB).
 */
public final class DeskServer implements AutoCloseable {
    private final DeskConfig config;
    private final DeskDatabase db;
    private final DeskStore store;
    private final MarkFeed feed;
    private final MarkSource marks;
    private final DeskView view;
    private final DeskMonitor monitor;
    private final AccountBook book;
    private final AlertRoutes alerts;
    private final List<Routes> routes;
    private final Http http;
    private final boolean hotRoutes;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Javalin app;

    private DeskServer(DeskConfig config, LiveDesk live, boolean hotRoutes) {
        this.config = config;
        this.hotRoutes = hotRoutes;
        Instruments instruments = config.instruments();
        phase("instruments");
        this.db = DeskDatabase.open(config.jdbcUrl());
        phase("database + migrations");
        this.store = new DeskStore(db);
        // the bundled replay; with serve --live the live account's marks replace it, the account is mirrored into the
        // store and the bars behind the planning tools are the venues' hourly candles
        this.feed = new MarkFeed(MarkReplay.bundled(), config.warmup(), config.replaySpeed());
        this.marks = live != null ? live : feed;
        BarHistory bars = live != null ? live.bars(feed) : feed;
        phase("mark replay");
        if (live != null) {
            live.deskInstruments(instruments);
        }
        java.util.function.Function<io.perpguard.venue.Exchange, Instruments> venues = venues(instruments);
        DeskPricing pricing = live != null ? live : DeskPricing.byVenue(instruments, venues, marks);
        this.view = new DeskView(store, pricing, marks, bars);
        this.alerts = new AlertRoutes(store);
        this.book = new AccountBook(store, pricing);
        this.monitor = new DeskMonitor(store, view, book, config.alertPolicy(), alerts);
        marks.addListener(monitor);
        this.http = new Http(config.maxBodyBytes());
        List<Routes> r = new java.util.ArrayList<>(List.of(
                new StatusRoutes(db.url(), store, view, marks, instruments, Clock.systemUTC(), this::url),
                new CalculatorRoutes(http, instruments, marks, db.url()),
                new PlanningRoutes(http, instruments, pricing, venues, marks, bars, store, config.returnsDir(), config.simCandles()),
                new JournalRoutes(http, db.url(), alerts::journalChanged),
                new AccountRoutes(http, store, marks, pricing, monitor),
                new StateRoutes(http, feed, marks, book, monitor, store),
                new CascadeRoutes(http, instruments),
                alerts,
                app -> app.get("/api/live", ctx -> Http.json(ctx, live != null ? live.state() : LiveFeed.State.NONE))));
        if (live != null) {
            LiveMirror mirror = new LiveMirror(store);
            book.venueSettles(mirror::ownsSubAccount);
            live.attach(mirror);
            r.add(0, new LiveAccountGuard(mirror));
        }
        this.routes = List.copyOf(r);
    }

    /**
     * The instruments of an exchange an account names: the desk's own for its venue, else that venue's contracts with
     * the tier tables saved in the data directory ({@code tiers download}), as the CLI prices them.
     */
    static java.util.function.Function<io.perpguard.venue.Exchange, Instruments> venues(Instruments desk) {
        io.perpguard.venue.Exchange own = desk.bySymbol().isEmpty() ? null : desk.bySymbol().values().iterator().next().contract().exchange();
        // read once per venue, like the desk's own tables at start (a failed read is not kept: the next request retries)
        java.util.Map<io.perpguard.venue.Exchange, Instruments> read = new java.util.concurrent.ConcurrentHashMap<>();
        return ex -> ex == own ? desk : read.computeIfAbsent(ex, DeskServer::venueInstruments);
    }

    static Instruments venueInstruments(io.perpguard.venue.Exchange ex) {
        return io.perpguard.data.instrument.VenueInstruments.loadForApi(new io.perpguard.data.instrument.VenueInstruments.Source(ex, null,
                io.perpguard.data.store.Database.dataDirectory(), null, null));
    }

    /** Opens the database (migrating it), starts the HTTP server and the mark feed. */
    public static DeskServer start(DeskConfig config) {
        return start(config, null);
    }

    /**
     * The desk on a live account ({@code serve --live}): its marks replace the replay, its accounts are mirrored
     * read-only into the desk's book; {@code GET /api/live} and {@code /live.html} show the watchers' own view.
     */
    public static DeskServer start(DeskConfig config, LiveDesk live) {
        return start(config, live, true);
    }

    /** With {@code hotRoutes} false every request goes through Javalin (the reference {@link HotRoutes} is tested against). */
    static DeskServer start(DeskConfig config, LiveDesk live, boolean hotRoutes) {
        DeskServer s = new DeskServer(config, live, hotRoutes);
        try {
            s.app = s.createApp();
            phase("routes");
            s.app.start(config.bind(), config.port());
            phase("http listening");
            if (s.marks == s.feed) {
                s.feed.start();
                phase("first marks priced");
            }
        } catch (RuntimeException e) {
            s.close();
            throw AccessGuard.bindFailure(config, e);
        }
        return s;
    }

    private static long lastPhase = System.nanoTime();

    /** With PERPGUARD_DEBUG set, prints how long each start-up phase took (stderr). */
    private static void phase(String name) {
        if (System.getenv("PERPGUARD_DEBUG") != null) {
            long now = System.nanoTime();
            System.err.printf(Locale.ROOT, "perpguard desk: %-22s %6d ms%n", name, (now - lastPhase) / 1_000_000);
            lastPhase = now;
        }
    }

    public int port() {
        return app.port();
    }

    /** The dashboard's address. */
    public String url() {
        String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    public String dbUrl() {
        return db.url();
    }

    DeskStore store() {
        return store;
    }

    DeskMonitor monitor() {
        return monitor;
    }

    MarkFeed feed() {
        return feed;
    }

    AlertRoutes alertRoutes() {
        return alerts;
    }

    /** Every HTTP endpoint the desk serves, as "METHOD path" (path as registered, e.g. {@code GET /api/positions/{id}}). */
    List<String> endpoints() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .filter(e -> java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(e.getEndpoint().getMethod().name()))
                .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()).sorted().toList();
    }

    /** Blocks until {@link #close()}. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        feed.close();
        alerts.close();
        if (app != null) {
            app.stop();
        }
        db.close();
        stopped.countDown();
    }

    private Javalin createApp() {
        AccessGuard guard = AccessGuard.of(config, this::port);
        java.util.Map<String, HotRoutes.Route> hot = new java.util.HashMap<>();
        routes.forEach(r -> r.hot(hot));
        Javalin a = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = http.maxBodyBytes(Http.IMPORT_PATH);   // the largest; each route reads its own (Http)
            cfg.http.prefer405over404 = true;   // GET /api/calc is a wrong method on an endpoint that exists, not a missing one
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/io/perpguard/server/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonBadMessage());
                if (hotRoutes) {
                    // innermost of Jetty's wrappers (after its statistics), just before the servlet context Javalin adds
                    HandlerWrapper last = server;
                    while (last.getHandler() instanceof HandlerWrapper w) {
                        last = w;
                    }
                    HotRoutes h = new HotRoutes(guard, http, hot);
                    h.setHandler(last.getHandler());
                    last.setHandler(h);
                }
            });
        });
        guard.install(a);
        a.before("/api/*", ctx -> {
            long len = ctx.req().getContentLengthLong();
            long limit = http.maxBodyBytes(ctx.path());
            if (len > limit) {
                throw new Http.TooLarge(len, limit);
            }
        });
        // after routing, so the endpoint's own path is known: a query parameter it does not read is refused
        a.beforeMatched(ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.queryString() != null) {
                QueryParams.check(ctx.method().name(), ctx.endpointHandlerPath(), ctx.queryParamMap());
            }
        });
        routes.forEach(r -> r.registerHot(a));
        routes.forEach(r -> r.register(a));

        a.exception(Http.TooLarge.class, (e, ctx) -> Http.error(ctx, 413, e.getMessage(), "body"));
        a.exception(Http.UnsupportedType.class, (e, ctx) -> Http.error(ctx, 415, e.getMessage(), "Content-Type"));
        a.exception(InvalidInputException.class, (e, ctx) -> Http.invalid(ctx, e));
        a.exception(DeskStore.Conflict.class, (e, ctx) -> Http.error(ctx, 409, e.getMessage(), e.field()));
        a.exception(DeskStore.NotFound.class, (e, ctx) -> Http.error(ctx, 404, e.getMessage(), e.field()));
        a.exception(HttpResponseException.class, (e, ctx) -> Http.error(ctx, e.getStatus(), e.getStatus() == 404
                ? "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)" : e.getStatus() == 405 ? notAllowed(ctx)
                : e.getMessage(), e.getStatus() == 413 ? "body" : null));
        a.exception(IllegalArgumentException.class, (e, ctx) -> Http.error(ctx, 400, e.getMessage(), null));
        a.exception(Exception.class, (e, ctx) -> {
            System.err.println("perpguard desk: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            Http.error(ctx, 500, "internal error: " + e.getClass().getSimpleName(), null);
        });
        a.error(404, ctx -> {
            if (ctx.attribute("perpguard.error") == null && ctx.path().startsWith("/api")) {
                Http.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)", null);
            }
        });
        a.error(405, ctx -> {
            if (ctx.attribute("perpguard.error") == null) {
                Http.error(ctx, 405, notAllowed(ctx), null);
            }
        });
        return a;
    }

    private static String notAllowed(io.javalin.http.Context ctx) {
        return "method not allowed: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json for its methods)";
    }
}
