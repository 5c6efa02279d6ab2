package io.perpguard.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.checklist.ChecklistResult;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.checklist.TradePlan;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.account.PortfolioFile;
import io.perpguard.data.account.PortfolioRun;
import io.perpguard.data.json.FundingJson;
import io.perpguard.data.json.PortfolioJson;
import io.perpguard.data.json.RecoveryJson;
import io.perpguard.data.json.StopsJson;
import io.perpguard.stops.StopParams;
import io.perpguard.stops.StopPlan;
import io.perpguard.stops.StopPlanner;
import io.perpguard.stops.VolumeProfile;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.market.CandleSeries;
import io.perpguard.sim.MonteCarlo;
import io.perpguard.sim.Recovery;
import io.perpguard.sim.ReturnBars;
import io.perpguard.stats.PortfolioAnalysis;
import io.perpguard.data.checklist.PlanJson;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.data.json.ReportJson;
import io.perpguard.data.json.SizingJson;
import io.perpguard.data.journal.JournalStore;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.data.store.Database;
import io.perpguard.sizing.Kelly;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.sizing.SizingInput;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The risk desk: JSON API, dashboard and margin monitoring in one process. Handlers parse, delegate to the engines
 * in {@code core} and serialise with the same JSON shapes as the CLI ({@link ReportJson}). Every error is JSON
 * {@code {error, field}}: 400 for bad input, 404 unknown ids or paths, 413 bodies over the limit.
 */
public final class DeskServer implements AutoCloseable {
    /** Mapper for responses: the CLI's JSON conventions, decimals written plainly. */
    static final ObjectMapper JSON = JsonOutput.MAPPER.copy().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final String VERSION = "0.1.0";

    private final DeskConfig config;
    private final DeskDatabase db;
    private final DeskStore store;
    private final MarkFeed feed;
    private final DeskView view;
    private final DeskMonitor monitor;
    private final Instruments instruments;
    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Map<String, Object> lastTick = Map.of();
    private Javalin app;

    private DeskServer(DeskConfig config) {
        this.config = config;
        this.instruments = config.instruments();
        phase("instruments");
        this.db = DeskDatabase.open(config.jdbcUrl());
        phase("database + migrations");
        this.store = new DeskStore(db);
        this.feed = new MarkFeed(MarkReplay.bundled(), config.warmup(), config.replaySpeed());
        phase("mark replay");
        this.view = new DeskView(store, instruments, feed);
        this.monitor = new DeskMonitor(store, view, config.alertPolicy(), new DeskMonitor.Sink() {
            @Override
            public void tick(Map<String, Object> snapshot) {
                lastTick = snapshot;
                broadcast("tick", snapshot);
            }

            @Override
            public void alert(DeskStore.AlertRow alert) {
                broadcast("alert", alert);
            }
        });
        feed.addListener(monitor);
    }

    /** Opens the database (migrating it), starts the HTTP server and the mark feed. */
    public static DeskServer start(DeskConfig config) {
        DeskServer s = new DeskServer(config);
        try {
            s.app = s.createApp();
            phase("routes");
            s.app.start(config.bind(), config.port());
            phase("http listening");
            s.feed.start();
            phase("first marks priced");
        } catch (RuntimeException e) {
            s.close();
            throw e;
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

    /** Blocks until {@link #close()}. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        feed.close();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
        if (app != null) {
            app.stop();
        }
        db.close();
        stopped.countDown();
    }

    //-------------------------------------------------------------------------
    private Javalin createApp() {
        Javalin a = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/io/perpguard/server/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
        });
        AccessGuard.install(a, config, this::port);
        a.before("/api/*", ctx -> {
            long len = ctx.req().getContentLengthLong();
            if (len > config.maxBodyBytes()) {
                throw new TooLarge(len);
            }
        });
        a.get("/api/health", ctx -> json(ctx, health()));
        a.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        a.get("/api/instruments", ctx -> json(ctx, instrumentsJson()));
        a.post("/api/calc", ctx -> json(ctx, calc(body(ctx))));
        a.post("/api/tiers", ctx -> json(ctx, tiers(body(ctx))));
        a.post("/api/check", ctx -> json(ctx, check(body(ctx))));
        a.post("/api/size", ctx -> json(ctx, size(body(ctx))));
        a.post("/api/kelly", ctx -> json(ctx, kelly(body(ctx))));
        a.get("/api/journal", ctx -> json(ctx, journal()));
        a.post("/api/journal/import", ctx -> json(ctx, journalImport(ctx.queryParam("source"), body(ctx))));
        a.delete("/api/journal/trades/{id}", ctx -> {
            deleteTrade(ctx.pathParam("id"));
            ctx.status(204);
        });
        a.post("/api/portfolio", ctx -> json(ctx, portfolio(body(ctx))));
        a.post("/api/funding", ctx -> json(ctx, funding(body(ctx))));
        a.post("/api/recovery", ctx -> json(ctx, recovery(body(ctx))));
        a.post("/api/survival", ctx -> json(ctx, survival(body(ctx))));
        a.post("/api/stops", ctx -> json(ctx, stops(body(ctx))));
        a.get("/api/marks", ctx -> json(ctx, Map.of("timeMs", feed.timeMs(), "time", Instant.ofEpochMilli(feed.timeMs()).toString(),
                "marks", feed.marks(), "replay", Map.of("index", feed.index(), "size", feed.replay().size(), "atEnd", feed.atEnd()))));
        a.get("/api/desk", ctx -> json(ctx, view.snapshot(view.price(feed.marks()), feed.timeMs(), feed.marks())));

        a.get("/api/accounts", ctx -> json(ctx, store.accounts()));
        a.post("/api/accounts", ctx -> {
            JsonNode n = ApiInput.object(body(ctx));
            ApiInput.onlyKnown(n, Set.of("name"));
            created(ctx, store.createAccount(ApiInput.name(n, "name")));
        });
        a.get("/api/accounts/{id}", ctx -> json(ctx, store.account(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.delete("/api/accounts/{id}", ctx -> {
            store.deleteAccount(ApiInput.pathId(ctx.pathParam("id"), "id"));
            ctx.status(204);
        });

        a.get("/api/subaccounts", ctx -> json(ctx, store.subAccounts(queryId(ctx, "accountId"))));
        a.post("/api/subaccounts", ctx -> created(ctx, createSubAccount(ApiInput.object(body(ctx)))));
        a.get("/api/subaccounts/{id}", ctx -> json(ctx, store.subAccount(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.put("/api/subaccounts/{id}", ctx -> json(ctx, updateSubAccount(ApiInput.pathId(ctx.pathParam("id"), "id"), ApiInput.object(body(ctx)))));
        a.delete("/api/subaccounts/{id}", ctx -> {
            store.deleteSubAccount(ApiInput.pathId(ctx.pathParam("id"), "id"));
            ctx.status(204);
        });

        a.get("/api/positions", ctx -> json(ctx, store.positions(queryId(ctx, "subAccountId"))));
        a.post("/api/positions", ctx -> created(ctx, savePosition(null, ApiInput.object(body(ctx)))));
        a.get("/api/positions/{id}", ctx -> json(ctx, store.position(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.put("/api/positions/{id}", ctx -> json(ctx, savePosition(ApiInput.pathId(ctx.pathParam("id"), "id"), ApiInput.object(body(ctx)))));
        a.delete("/api/positions/{id}", ctx -> {
            store.deletePosition(ApiInput.pathId(ctx.pathParam("id"), "id"));
            ctx.status(204);
        });

        a.get("/api/alerts", ctx -> {
            String l = ctx.queryParam("limit");
            int limit = l == null ? 100 : (int) Checks.inRange("limit", parseNumber(l, "limit"), 1, 10_000);
            json(ctx, store.alerts(limit, null));
        });
        a.sse("/api/stream", client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            client.sendEvent("tick", JsonOutput.write(lastTick));
        });

        a.exception(TooLarge.class, (e, ctx) -> error(ctx, 413, e.getMessage(), "body"));
        a.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field()));
        a.exception(DeskStore.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage(), null));
        a.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus() == 404
                ? "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)" : e.getMessage(), e.getStatus() == 413 ? "body" : null));
        a.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), null));
        a.exception(Exception.class, (e, ctx) -> {
            System.err.println("perpguard desk: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName(), null);
        });
        a.error(404, ctx -> {
            if (ctx.attribute("perpguard.error") == null && ctx.path().startsWith("/api")) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)", null);
            }
        });
        a.error(405, ctx -> error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), null));
        return a;
    }

    //-------------------------------------------------------------------------
    private Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("version", VERSION);
        m.put("db", db.url());
        m.put("time", Instant.now().toString());
        m.put("markTime", Instant.ofEpochMilli(feed.timeMs()).toString());
        m.put("accounts", store.count("desk_account"));
        m.put("subAccounts", store.count("desk_sub_account"));
        m.put("positions", store.count("desk_position"));
        m.put("alerts", store.count("desk_alert"));
        return m;
    }

    private Map<String, Object> instrumentsJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : new java.util.TreeSet<>(instruments.bySymbol().keySet())) {
            Instrument i = instruments.get(s);
            m.put(s, Map.of("contract", i.contract(), "maxLeverage", i.tiers().brackets().get(0).maxLeverage()));
        }
        return m;
    }

    private static final Set<String> CALC_FIELDS = Set.of("symbol", "side", "entry", "qty", "notional", "leverage", "marginMode",
            "wallet", "mark", "marginAdded");

    /** {@code POST /api/calc}: the JSON of {@code calc --json}; an account body ({walletBalance, positions}) gives {@code calc --account --json}. */
    Map<String, Object> calc(String body) {
        JsonNode n = ApiInput.object(body);
        if (n.has("positions")) {
            return ReportJson.account(MarginCalculator.evaluate(AccountFile.parse(n), instruments));
        }
        ApiInput.onlyKnown(n, CALC_FIELDS);
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol"));
        Side s = Side.parse("side", JsonInput.text(n, "side", "side"));
        double e = Checks.positive("entry", JsonInput.number(n, "entry", "entry"));
        boolean hasQty = n.hasNonNull("qty"), hasNotional = n.hasNonNull("notional");
        if (hasQty == hasNotional) {
            throw new InvalidInputException("qty", "give exactly one of qty or notional");
        }
        double q = hasQty ? Checks.positive("qty", JsonInput.number(n, "qty", "qty"))
                : Checks.positive("notional", JsonInput.number(n, "notional", "notional")) / e;
        double lev = JsonInput.number(n, "leverage", "leverage");
        MarginMode mode = MarginMode.parse("marginMode", JsonInput.text(n, "marginMode", "marginMode", "isolated"));
        double mark = Checks.positive("mark", JsonInput.number(n, "mark", "mark", e));
        double added = JsonInput.number(n, "marginAdded", "marginAdded", 0);
        Position p = new Position(inst.symbol(), s, q, e, lev, mode, PositionSide.BOTH, added, mark);
        double w = 0;
        if (mode == MarginMode.CROSS) {
            if (!n.hasNonNull("wallet")) {
                throw new InvalidInputException("wallet", "cross margin needs the account's real wallet balance; "
                        + "the stake of one trade is not what a cross position risks");
            }
            w = Checks.notNegative("wallet", JsonInput.number(n, "wallet", "wallet"));
        }
        return ReportJson.position(MarginCalculator.evaluate(p, inst, w));
    }

    /** {@code POST /api/tiers}: the JSON of {@code tiers --json}. */
    Map<String, Object> tiers(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, Set.of("symbol", "sizes", "leverage", "entry", "side"));
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol"));
        double[] sizes = {1, 10, 100};
        if (n.hasNonNull("sizes")) {
            JsonNode arr = JsonInput.array(n, "sizes", "sizes");
            if (arr.size() == 0 || arr.size() > 100) {
                throw new InvalidInputException("sizes", "give 1 to 100 sizes");
            }
            sizes = new double[arr.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = JsonInput.asNumber(arr.get(i), "sizes[" + i + "]");
            }
        }
        Double lev = n.hasNonNull("leverage") ? JsonInput.number(n, "leverage", "leverage") : null;
        double entry = n.hasNonNull("entry") ? Checks.positive("entry", JsonInput.number(n, "entry", "entry"))
                : feed.marks().getOrDefault(inst.symbol(), Double.NaN);
        if (Double.isNaN(entry)) {
            throw new InvalidInputException("entry", "is missing: needed to turn sizes into notional for " + inst.symbol());
        }
        Side side = Side.parse("side", JsonInput.text(n, "side", "side", "long"));
        List<LeverageLadder.Rung> rungs = LeverageLadder.build(inst, side, entry, sizes, lev == null ? Double.NaN : lev);
        return ReportJson.tiers(inst, side, entry, lev, rungs);
    }

    /**
     * {@code POST /api/check}: the plan, or {plan, policy, account | subAccountId}. Without closes in the plan, the
     * trend and ATR come from the replayed bars up to the current mark.
     */
    Map<String, Object> check(String body) {
        JsonNode n = ApiInput.object(body);
        boolean wrapped = n.has("plan");
        if (wrapped) {
            ApiInput.onlyKnown(n, Set.of("plan", "policy", "account", "subAccountId"));
        }
        JsonNode planNode = wrapped ? n.get("plan") : n;
        String prefix = wrapped ? "plan." : "";
        TradePlan plan = PlanJson.plan(planNode, prefix);
        Policy policy = wrapped ? PlanJson.policy(n.get("policy"), "policy.") : Policy.DEFAULT;
        Account account = null;
        if (wrapped && n.hasNonNull("account")) {
            try {
                account = AccountFile.parse(n.get("account"));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("account." + e.field(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        } else if (wrapped && n.hasNonNull("subAccountId")) {
            long id = ApiInput.id(n, "subAccountId");
            account = DeskView.account(store.subAccount(id), store.positions(id), feed.marks());
        }
        Instrument inst = instruments.get(plan.symbol());
        MarketContext market = PlanJson.market(planNode, prefix);
        if (market == MarketContext.NONE) {
            market = feed.replay().history(inst.symbol(), feed.index(), 200);
        }
        Map<String, Double> betas = null;
        if (config.returnsDir() != null) {
            Set<String> symbols = new java.util.TreeSet<>();
            symbols.add(inst.symbol());
            if (account != null) {
                account.positions().forEach(p -> symbols.add(p.symbol()));
            }
            betas = PortfolioRun.betas(config.returnsDir(), symbols, 365);
        }
        ChecklistResult r = PreTradeCheck.run(plan, policy, inst, account, market, betas);
        return ReportJson.checklist(r);
    }

    private static final Set<String> SIZE_FIELDS = Set.of("symbol", "side", "equity", "riskPct", "riskAmount", "entry", "stop",
            "leverage", "slippagePct", "buffer", "takerFeePct", "available");

    /** {@code POST /api/size}: the JSON of {@code size --json} (same fields and defaults as the command's flags). */
    Map<String, Object> size(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, SIZE_FIELDS);
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol"));
        double equity = Checks.positive("equity", JsonInput.number(n, "equity", "equity"));
        boolean pct = n.hasNonNull("riskPct"), amount = n.hasNonNull("riskAmount");
        if (pct == amount) {
            throw new InvalidInputException("riskPct", "give exactly one of riskPct or riskAmount");
        }
        double risk = pct ? equity * Checks.inRange("riskPct", JsonInput.number(n, "riskPct", "riskPct"), 1e-9, 100) / 100
                : Checks.positive("riskAmount", JsonInput.number(n, "riskAmount", "riskAmount"));
        double entry = JsonInput.number(n, "entry", "entry");
        double stop = JsonInput.number(n, "stop", "stop");
        double slippage = Checks.inRange("slippagePct", JsonInput.number(n, "slippagePct", "slippagePct", 0.1), 0, 50) / 100;
        double fee = n.hasNonNull("takerFeePct") ? Checks.inRange("takerFeePct", JsonInput.number(n, "takerFeePct", "takerFeePct"), 0, 5) / 100 : Double.NaN;
        SizingInput in = new SizingInput(equity, risk, entry, stop, JsonInput.number(n, "leverage", "leverage"), fee, slippage,
                JsonInput.number(n, "buffer", "buffer", 0.5), JsonInput.number(n, "available", "available", Double.NaN));
        if (n.hasNonNull("side")) {
            Side wanted = Side.parse("side", JsonInput.text(n, "side", "side"));
            if (wanted != in.side()) {
                throw new InvalidInputException("stop", Checks.fmt(stop) + " is " + (stop < entry ? "below" : "above") + " the entry "
                        + Checks.fmt(entry) + ": that is a " + in.side().label() + " stop, not a " + wanted.label() + " one");
            }
        }
        return SizingJson.size(RiskBasedSizer.size(in, inst));
    }

    /**
     * {@code POST /api/kelly}: {winRate, payoff, fraction?, cap?} like {@code kelly --win-rate W --payoff R --json}, or
     * {journal: true, fraction?, cap?, resamples?, seed?} from the trades journaled in the desk's database.
     */
    Map<String, Object> kelly(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, Set.of("winRate", "payoff", "fraction", "cap", "journal", "resamples", "seed"));
        double fraction = JsonInput.number(n, "fraction", "fraction", Kelly.DEFAULT_FRACTION);
        double cap = JsonInput.number(n, "cap", "cap", Kelly.DEFAULT_CAP);
        if (n.path("journal").asBoolean(false)) {
            List<JournalTrade> trades;
            String source;
            try (JournalStore js = JournalStore.open(db.url())) {
                trades = js.trades();
                source = Database.describe(js.database().url());
            }
            if (trades.isEmpty()) {
                throw new InvalidInputException("journal", source + " holds no closed round-trip trades (perpguard journal import FILE)");
            }
            double[] net = new double[trades.size()];
            for (int i = 0; i < net.length; i++) {
                net[i] = trades.get(i).netPnl().doubleValue();
            }
            double resamples = Checks.inRange("resamples", JsonInput.number(n, "resamples", "resamples", Kelly.DEFAULT_RESAMPLES), 100, 100_000);
            KellyEstimate e = Kelly.fromTrades(net, fraction, cap, (int) resamples, (long) JsonInput.number(n, "seed", "seed", Kelly.DEFAULT_SEED));
            return SizingJson.kellyEstimate(e, source, e.warnings());
        }
        double w = JsonInput.number(n, "winRate", "winRate");
        if (w > 1 && w <= 100) {
            throw new InvalidInputException("winRate", Checks.fmt(w) + " is outside 0 to 1; give a fraction (0.55 for 55 %)");
        }
        Checks.inRange("winRate", w, 0, 1);
        double r = Checks.positive("payoff", JsonInput.number(n, "payoff", "payoff"));
        Map<String, Object> m = SizingJson.kelly(Kelly.evaluate(w, r, fraction, cap));
        m.put("warnings", List.of());
        return m;
    }

    /** {@code GET /api/journal}: the round-trip trades journaled in the desk's database, as {@code journal list --json}. */
    Map<String, Object> journal() {
        try (JournalStore js = JournalStore.open(db.url())) {
            return SizingJson.journal(Database.describe(js.database().url()), js.trades());
        }
    }

    /**
     * {@code POST /api/portfolio}: the JSON of {@code portfolio --account FILE [--returns DIR] --json}. Body: the account
     * JSON itself, or {account, returns?, window?, shocks?[]}; returns (default true) uses the desk's {@code --returns}
     * directory when one is configured.
     */
    Map<String, Object> portfolio(String body) {
        JsonNode n = ApiInput.object(body);
        JsonNode account = n;
        boolean useReturns = true;
        int window = 365;
        List<String> shocks = new ArrayList<>();
        if (n.has("account")) {
            ApiInput.onlyKnown(n, Set.of("account", "returns", "window", "shocks"));
            account = n.get("account");
            if (!account.isObject()) {
                throw new InvalidInputException("account", "must be an object {walletBalance, positions[], subAccounts[], spot[]}");
            }
            useReturns = n.path("returns").asBoolean(true);
            window = (int) Checks.inRange("window", JsonInput.number(n, "window", "window", 365), 2, 100_000);
            if (n.hasNonNull("shocks")) {
                JsonNode arr = JsonInput.array(n, "shocks", "shocks");
                for (int i = 0; i < arr.size(); i++) {
                    JsonNode sh = arr.get(i);
                    if (!sh.isNumber() && !sh.isTextual()) {
                        throw new InvalidInputException("shocks[" + i + "]", sh + " is not a shock: give -30 or \"BTCUSDT=-20,ETHUSDT=-35\"");
                    }
                    shocks.add(sh.asText());
                }
            }
        }
        JsonNode root = account;
        Path returns = useReturns ? config.returnsDir() : null;
        PortfolioRun.Result run = PortfolioRun.analyse(fallback -> PortfolioFile.parse(root, fallback), returns, window, shocks, instruments);
        PortfolioAnalysis a = PortfolioAnalysis.of(run.report());
        return PortfolioJson.portfolio(a.report(), a.parametric() == null ? null
                        : new PortfolioJson.Parametric(a.parametric().var95(), a.parametric().var99(), a.parametric().es95(), a.parametric().es99()),
                a.correlation() == null ? null : new PortfolioJson.Correlation(a.correlation().symbols(), a.correlation().matrix()), run.warnings());
    }

    private static final Set<String> FUNDING_FIELDS = Set.of("notional", "leverage", "rate", "interval", "symbol", "side", "mark", "driftRows");

    /** {@code POST /api/funding}: the JSON of {@code funding --json} (same fields and defaults as the command's flags). */
    Map<String, Object> funding(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, FUNDING_FIELDS);
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol", "BTCUSDT"));
        Integer hours = null;
        if (n.hasNonNull("interval")) {
            JsonNode iv = n.get("interval");
            hours = FundingJson.parseInterval(iv.isNumber() ? iv.asText() : JsonInput.text(n, "interval", "interval"));
        }
        Double mark = n.hasNonNull("mark") ? JsonInput.number(n, "mark", "mark") : null;
        int rows = (int) Checks.inRange("driftRows", JsonInput.number(n, "driftRows", "driftRows", 200), 0, 100_000);
        return FundingJson.run(inst, Side.parse("side", JsonInput.text(n, "side", "side", "long")), JsonInput.number(n, "notional", "notional"),
                JsonInput.number(n, "leverage", "leverage"), JsonInput.number(n, "rate", "rate"), hours, mark, null, List.of(), rows).json();
    }

    /** {@code POST /api/recovery}: the JSON of {@code recovery --json}; {drawdowns[]?, winRate?, payoff?, riskPct?, ruinPct?, trades?, paths?, seed?}. */
    Map<String, Object> recovery(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, Set.of("drawdowns", "winRate", "payoff", "riskPct", "ruinPct", "trades", "paths", "seed"));
        double[] dd = Recovery.defaultDrawdownsPct();
        if (n.hasNonNull("drawdowns")) {
            JsonNode arr = JsonInput.array(n, "drawdowns", "drawdowns");
            if (arr.size() == 0 || arr.size() > 100) {
                throw new InvalidInputException("drawdowns", "give 1 to 100 drawdowns in percent");
            }
            dd = new double[arr.size()];
            for (int i = 0; i < dd.length; i++) {
                dd[i] = JsonInput.asNumber(arr.get(i), "drawdowns[" + i + "]");
            }
        }
        Double w = n.hasNonNull("winRate") ? JsonInput.number(n, "winRate", "winRate") : null;
        Double r = n.hasNonNull("payoff") ? JsonInput.number(n, "payoff", "payoff") : null;
        Double risk = n.hasNonNull("riskPct") ? JsonInput.number(n, "riskPct", "riskPct") : null;
        int trades = (int) Checks.inRange("trades", JsonInput.number(n, "trades", "trades", 1000), 1, 100_000);
        int paths = (int) Checks.inRange("paths", JsonInput.number(n, "paths", "paths", 20_000), 1, 200_000);
        return RecoveryJson.recovery(dd, w, r, risk, JsonInput.number(n, "ruinPct", "ruinPct", 50), trades, paths,
                (long) JsonInput.number(n, "seed", "seed", 1));
    }

    /**
     * {@code POST /api/survival}: Monte Carlo survival of Trader A (all-in 50x, no stop) against Trader B (2 % risk to
     * a 2×ATR stop at 10x), each as {@code simulate --policy a|b --json} would report it on the same candles: the
     * {@code serve --sim-candles} file, else the replay's hourly bars of {symbol}. Body {symbol=BTCUSDT, paths=300,
     * horizonDays=60, seed=1, fundingRate=0.0001}.
     */
    Map<String, Object> survival(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, Set.of("symbol", "paths", "horizonDays", "seed", "fundingRate"));
        int paths = (int) Checks.inRange("paths", JsonInput.number(n, "paths", "paths", 300), 1, 20_000);
        int days = (int) Checks.inRange("horizonDays", JsonInput.number(n, "horizonDays", "horizonDays", 60), 1, 730);
        long seed = (long) JsonInput.number(n, "seed", "seed", 1);
        double rate = Checks.inRange("fundingRate", JsonInput.number(n, "fundingRate", "fundingRate", 0.0001), -0.05, 0.05);
        CandleSeries candles;
        String source;
        List<String> warnings = new ArrayList<>();
        if (config.simCandles() != null) {
            Loaded<CandleSeries> l = CandleCsv.read(config.simCandles());
            candles = l.data();
            warnings.addAll(l.warnings());
            source = config.simCandles().getFileName().toString();
        } else {
            candles = feed.replay().candles(instruments.get(JsonInput.text(n, "symbol", "symbol", "BTCUSDT")).symbol());
            source = "desk replay " + candles.symbol() + " 1h " + Instant.ofEpochMilli(candles.openTimeMs()[0]) + ".."
                    + Instant.ofEpochMilli(candles.openTimeMs()[candles.size() - 1]);
        }
        String sym = n.hasNonNull("symbol") || candles.symbol().isEmpty() ? JsonInput.text(n, "symbol", "symbol", "BTCUSDT") : candles.symbol();
        Instrument inst = instruments.get(sym);
        ReturnBars bars = ReturnBars.of(candles);
        MonteCarlo.Funding funding = MonteCarlo.Funding.constant(rate, inst.contract().fundingIntervalHours());
        // the CLI's defaults (simulate): blocks of 168 bars, 10,000 USDT, ruin below 10 %; results do not depend on threads
        MonteCarlo.Config cfg = new MonteCarlo.Config(paths, days, seed, 2, 168, 0, 10_000, 0.10, inst.contract().takerFee(),
                inst.contract().liquidationFeeRate());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candles", source);
        m.put("candleBars", candles.size());
        m.put("symbol", inst.symbol());
        m.put("paths", paths);
        m.put("horizonDays", days);
        m.put("seed", seed);
        m.put("fundingRate", rate);
        for (String name : List.of("a", "b")) {
            io.perpguard.sim.Policy pol = name.equals("a") ? io.perpguard.sim.Policy.traderA() : io.perpguard.sim.Policy.traderB();
            MonteCarlo.Report r = MonteCarlo.run(pol, bars, funding, inst.tiers(), cfg);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("policyRule", pol.rule());
            j.put("survivalAtHorizon", r.survivalAtHorizon());
            j.put("liquidatedShare", r.liquidatedShare());
            j.put("ruinedShare", r.ruinedShare());
            j.put("medianDaysToRuin", r.medianDaysToRuin());
            j.put("meanTrades", r.meanTrades());
            j.put("survivalByDay", r.survivalByDay());
            m.put(name, j);
        }
        if (bars.size() < 2 * 168) {
            warnings.add("only " + bars.size() + " bars to bootstrap from: every path replays the same few weeks in 168-bar blocks");
        }
        m.put("warnings", warnings);
        return m;
    }

    private static final Set<String> STOPS_FIELDS = Set.of("symbol", "side", "entry", "atr", "mult", "pivot", "lookback", "buffer", "timeBars");

    /**
     * {@code POST /api/stops}: the JSON of {@code stops --json} on the desk's replayed hourly bars up to the current
     * mark (as {@code stops --candles FILE --at MARK_TIME}); same fields and defaults as the command's flags.
     */
    Map<String, Object> stops(String body) {
        JsonNode n = ApiInput.object(body);
        ApiInput.onlyKnown(n, STOPS_FIELDS);
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol", "BTCUSDT"));
        Side side = Side.parse("side", JsonInput.text(n, "side", "side"));
        double entry = Checks.positive("entry", JsonInput.number(n, "entry", "entry"));
        CandleSeries candles = feed.replay().candles(inst.symbol());
        int idx = candles.indexAtOrBefore(feed.timeMs());
        if (idx < 0) {
            throw new InvalidInputException("symbol", inst.symbol() + " has no replayed bar yet");
        }
        StopParams p = new StopParams((int) JsonInput.number(n, "atr", "atr", 14), JsonInput.number(n, "mult", "mult", 2),
                (int) JsonInput.number(n, "pivot", "pivot", 5), (int) JsonInput.number(n, "lookback", "lookback", 500), 0.5,
                JsonInput.number(n, "buffer", "buffer", 0.25), VolumeProfile.DEFAULT_BINS, (int) JsonInput.number(n, "timeBars", "timeBars", 24));
        StopPlan plan = StopPlanner.plan(candles, idx, side, entry, p, inst.contract());
        return StopsJson.plan(plan, plan.notes());
    }

    /**
     * {@code POST /api/journal/import}: the CSV body (Binance trade-history export or generic), imported with the same
     * importer as {@code journal import} into the desk's database; re-posting adds nothing; a malformed row is named by
     * its line and nothing is written. Answers as {@code journal import --json}.
     */
    Map<String, Object> journalImport(String source, String csv) {
        String name = source == null || source.isBlank() ? "request body" : source.strip();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("source", "give a short file name (at most 200 characters, no control characters)");
        }
        if (csv.isBlank()) {
            throw new InvalidInputException("body", "is empty: post the CSV text (a header line and fills)");
        }
        try (JournalStore js = JournalStore.open(db.url())) {
            return SizingJson.journalImport(Database.describe(js.database().url()), js.importCsv(name, csv));
        }
    }

    /** {@code DELETE /api/journal/trades/{id}}: removes a round-trip trade (its id from {@code GET /api/journal}). */
    void deleteTrade(String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("id", "'" + (id.length() > 80 ? id.substring(0, 80) + "…" : id)
                    + "' is not a trade id (64 hex digits, the id field of GET /api/journal)");
        }
        try (JournalStore js = JournalStore.open(db.url())) {
            if (!js.deleteTrade(id)) {
                throw new DeskStore.NotFound("journal trade " + id);
            }
        }
    }

    //-------------------------------------------------------------------------
    private DeskStore.SubAccountRow createSubAccount(JsonNode n) {
        ApiInput.onlyKnown(n, Set.of("accountId", "name", "walletBalance"));
        long accountId = ApiInput.id(n, "accountId");
        BigDecimal wallet = ApiInput.decimal(n, "walletBalance", null);
        Checks.notNegative("walletBalance", wallet.doubleValue());
        return store.createSubAccount(accountId, ApiInput.name(n, "name"), wallet);
    }

    private DeskStore.SubAccountRow updateSubAccount(long id, JsonNode n) {
        ApiInput.onlyKnown(n, Set.of("name", "walletBalance"));
        DeskStore.SubAccountRow old = store.subAccount(id);
        String name = n.has("name") ? ApiInput.name(n, "name") : old.name();
        BigDecimal wallet = ApiInput.decimal(n, "walletBalance", old.walletBalance());
        Checks.notNegative("walletBalance", wallet.doubleValue());
        // the sub-account must stay valid with its positions (isolated margins within the wallet, tiers respected)
        DeskStore.SubAccountRow next = new DeskStore.SubAccountRow(id, old.accountId(), name, wallet);
        MarginCalculator.evaluate(DeskView.account(next, store.positions(id), feed.marks()), instruments);
        monitor.reset("sub:" + id);
        return store.updateSubAccount(id, name, wallet);
    }

    private static final Set<String> POSITION_FIELDS = Set.of("subAccountId", "symbol", "side", "qty", "entryPrice", "leverage",
            "marginMode", "positionSide", "marginAdded", "markPrice");

    /** Creates ({@code id} null) or replaces a position after checking the sub-account stays valid with it. */
    private DeskStore.PositionRow savePosition(Long id, JsonNode n) {
        ApiInput.onlyKnown(n, POSITION_FIELDS);
        long subId = ApiInput.id(n, "subAccountId");
        DeskStore.SubAccountRow sub = store.subAccount(subId);
        Position p = AccountFile.parsePositionFields(n, "position");
        Instrument inst = instruments.get(p.symbol());
        BigDecimal entry = ApiInput.positiveDecimal(n, "entryPrice", null);
        DeskStore.PositionRow row = new DeskStore.PositionRow(id == null ? 0 : id, subId, inst.symbol(), p.side(),
                ApiInput.positiveDecimal(n, "qty", null), entry, ApiInput.positiveDecimal(n, "leverage", null), p.marginMode(),
                p.positionSide(), ApiInput.decimal(n, "marginAdded", BigDecimal.ZERO), ApiInput.positiveDecimal(n, "markPrice", entry));
        List<DeskStore.PositionRow> rows = new ArrayList<>();
        for (DeskStore.PositionRow r : store.positions(subId)) {
            if (id == null || r.id() != id) {
                rows.add(r);
            }
        }
        rows.add(row);
        try {
            MarginCalculator.evaluate(DeskView.account(sub, rows, feed.marks()), instruments);
        } catch (InvalidInputException e) {
            // name the body's field, not the account's list index
            String f = e.field().replaceFirst("^positions\\[\\d+]\\.?", "");
            // an empty remainder is the account's own check on the list (the same symbol and side twice)
            throw new InvalidInputException(f.isEmpty() ? "symbol" : f, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
        DeskStore.PositionRow saved = id == null ? store.createPosition(row) : store.updatePosition(id, row);
        monitor.reset("pos:" + saved.id());
        monitor.reset("sub:" + subId);
        return saved;
    }

    //-------------------------------------------------------------------------
    /** Reads the request body, refusing more than the configured size even without a Content-Length. */
    private String body(Context ctx) {
        long max = config.maxBodyBytes();
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
                if (out.size() > max) {
                    throw new TooLarge(out.size());
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Long queryId(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? null : ApiInput.pathId(v, name);
    }

    private static double parseNumber(String s, String field) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + s + "' is not a number");
        }
    }

    private static void json(Context ctx, Object value) {
        ctx.contentType("application/json");
        try {
            ctx.result(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void created(Context ctx, Object value) {
        json(ctx, value);
        ctx.status(201);
    }

    private static void error(Context ctx, int status, String message, String field) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message == null ? "error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
        m.put("field", field);
        ctx.attribute("perpguard.error", Boolean.TRUE);
        ctx.status(status);
        json(ctx, m);
    }

    private void broadcast(String event, Object data) {
        if (clients.isEmpty()) {
            return;
        }
        String text;
        try {
            text = JSON.writeValueAsString(data);
        } catch (IOException e) {
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

    private static String openApiText;

    private static synchronized String openApi() {
        if (openApiText == null) {
            try (InputStream in = DeskServer.class.getResourceAsStream("/io/perpguard/server/openapi.json")) {
                openApiText = in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return openApiText;
    }

    /** A request body above the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long bytes) {
            super("request body too large: " + (bytes < 0 ? "over" : bytes + " bytes, over") + " the limit");
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
