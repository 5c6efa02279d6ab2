package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.CheckUseCase;
import io.perpguard.app.DefaultMarks;
import io.perpguard.app.PortfolioUseCase;
import io.perpguard.app.StopsUseCase;
import io.perpguard.app.SurvivalUseCase;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.TradePlan;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.account.PortfolioFile;
import io.perpguard.data.checklist.PlanJson;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.store.Database;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.portfolio.Venues;
import io.perpguard.venue.Exchange;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;

/**
 * Planning a trade against the desk's market: {@code POST /api/check, /stops, /survival, /portfolio}. Bars come from
 * the injected {@link BarHistory} (the replay, or a live feed's), marks from the {@link MarkSource}.
 */
final class PlanningRoutes implements Routes {
    private static final Set<String> STOPS = Set.of("symbol", "side", "entryPrice", "atr", "mult", "pivot", "lookback", "buffer", "timeBars");

    private final Http http;
    private final Instruments instruments;
    private final DeskPricing pricing;
    private final Function<Exchange, Instruments> venues;
    private final MarkSource marks;
    private final BarHistory bars;
    private final DeskStore store;
    private final Path returnsDir;
    private final Path simCandles;
    private Loaded<CandleSeries> simSeries;   // simCandles parsed once, on the first survival request (guarded by this)

    /**
     * @param returnsDir daily candles for betas, VaR and scenarios ({@code serve --returns}), or null
     * @param simCandles candles of the survival simulation ({@code serve --sim-candles}), null for the bar history's
     */
    /**
     * @param pricing the instruments and marks each of the desk's sub-accounts is priced with (a live account: its venue's)
     * @param venues  the instruments of an exchange a portfolio's account names (the desk's own for its venue)
     */
    PlanningRoutes(Http http, Instruments instruments, DeskPricing pricing, Function<Exchange, Instruments> venues, MarkSource marks,
                   BarHistory bars, DeskStore store, Path returnsDir, Path simCandles) {
        this.http = http;
        this.instruments = instruments;
        this.pricing = pricing;
        this.venues = venues;
        this.marks = marks;
        this.bars = bars;
        this.store = store;
        this.returnsDir = returnsDir;
        this.simCandles = simCandles;
    }

    @Override
    public void registerHot(Javalin a) {
        a.post("/api/check", ctx -> Http.json(ctx, check(ApiInput.figures(http.jsonBytes(ctx)))));
    }

    @Override
    public void hot(java.util.Map<String, HotRoutes.Route> into) {
        into.put("/api/check", this::checkStreamed);
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/exchanges", ctx -> Http.json(ctx, exchanges()));
        a.post("/api/stops", ctx -> Http.json(ctx, stops(ApiInput.figures(http.jsonBytes(ctx)))));
        a.post("/api/survival", ctx -> {
            JsonNode n = ApiInput.figures(http.jsonBytes(ctx));
            Http.json(ctx, Budget.run(ctx, () -> survival(n)));
        });
        a.post("/api/portfolio", ctx -> {
            JsonNode n = ApiInput.figures(http.jsonBytes(ctx));
            Http.json(ctx, Budget.run(ctx, () -> portfolio(n)));
        });
    }

    /** A venue of {@code GET /api/exchanges}: the {@code exchange} value the APIs take, its name and its contracts. */
    record ExchangeView(String id, String name, List<SymbolView> symbols) {
    }

    /** A contract of a venue: how it settles, in which currency, its display precision, and whether a tier table prices it. */
    record SymbolView(String symbol, String contractType, String currency, double contractSize, int priceDecimals, int qtyDecimals,
                      boolean tiers) {
    }

    /**
     * The venues the planning APIs price by ({@code exchange}), each with its contracts: those with a tier table (the
     * desk's, or saved by {@code tiers download}), then the venue's other known contracts (priced with {@code mmr}).
     */
    private List<ExchangeView> exchanges() {
        List<ExchangeView> out = new ArrayList<>();
        for (Exchange ex : Exchange.values()) {
            Map<String, SymbolView> symbols = new java.util.LinkedHashMap<>();
            Instruments priced;
            try {
                priced = venues.apply(ex);
            } catch (InvalidInputException e) {
                priced = new Instruments(Map.of());   // an unreadable saved table: the venue's contracts, without tables
            }
            priced.bySymbol().forEach((sym, i) -> symbols.put(sym, view(i.contract(), true)));
            VenueInstruments.contracts(ex).forEach((sym, c) -> symbols.putIfAbsent(sym, view(c, false)));
            out.add(new ExchangeView(ex.id(), ex.displayName(), List.copyOf(symbols.values())));
        }
        return out;
    }

    private static SymbolView view(io.perpguard.instrument.Contract c, boolean tiers) {
        return new SymbolView(c.symbol(), c.type().label(), c.settlementCurrency(), c.contractSize(), c.priceDecimals(), c.qtyDecimals(), tiers);
    }

    /** The plan, or {plan, policy, account | subAccountId, benchmark}; without closes in the plan, the bars up to the current mark. */
    private Object check(JsonNode n) {
        boolean wrapped = n.has("plan");
        if (wrapped) {
            ApiInput.onlyKnown(n, Set.of("plan", "policy", "account", "subAccountId", "benchmark", "exchange", "mmr", "mmAmount", "takerFeePct"));
        }
        Instruments priced = wrapped ? ApiInput.atTakerFee(n, pricedBy(n)) : instruments;
        JsonNode planNode = wrapped ? n.get("plan") : n;
        String prefix = wrapped ? "plan." : "";
        TradePlan plan = PlanJson.plan(planNode, prefix);
        Policy policy = wrapped ? PlanJson.policy(n.get("policy"), "policy.") : Policy.DEFAULT;
        Account account = null;
        if (wrapped && n.hasNonNull("account") && n.hasNonNull("subAccountId")) {
            // the posted account was checked and the sub-account ignored, silently
            throw new InvalidInputException("subAccountId", "give at most one of account (the JSON) or subAccountId (the desk's own)");
        }
        if (wrapped && n.hasNonNull("account")) {
            try {
                Instruments stated = priced;
                AccountFile.Pooled file = AccountFile.parsePooled(n.get("account"), null,
                        (path, p, ex) -> io.perpguard.app.CalcUseCase.requireLeverageStep(path, p, ex == null ? stated : venues.apply(ex)));
                Exchange named = n.hasNonNull("exchange") ? Exchange.parse("exchange", ApiInput.text(n, "exchange")) : Exchange.BINANCE;
                // stated collateral (Multi-Assets, UTA 2.0) counts in the equity at its venue's value; refused where the venue shares none;
                // an account stated past its liquidation is refused, as /api/portfolio refuses it
                account = CheckUseCase.statedAccount(file, named, priced);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("account." + e.field(), e.problem());
            }
        } else if (wrapped && n.hasNonNull("subAccountId")) {
            long id = ApiInput.id(n, "subAccountId");
            store.requireSubAccount(id, "subAccountId");   // a 404 naming the body's field
            DeskStore.SubAccountRow sub = store.subAccount(id);
            Exchange planEx = n.hasNonNull("exchange") ? Exchange.parse("exchange", ApiInput.text(n, "exchange")) : Exchange.BINANCE;
            if (sub.venue() != planEx) {
                // a coin wallet is not a USDT equity, nor the reverse; a live Bybit account is not priced by Binance's rules
                throw new InvalidInputException("subAccountId", "sub-account '" + sub.name() + "' is on " + sub.exchange() + ", the plan on "
                        + planEx.id() + ": give \"exchange\": \"" + sub.exchange() + "\" to check a plan against it");
            }
            // off the desk's venue by the rules and at the marks the desk prices it with: a COIN-M account's stand-ins, a live
            // account's venue marks and its watcher's tiers (the venue's risk limits, where no table is bundled)
            DeskPricing.Context ctx = pricing.of(sub, marks.marks());
            if (!sub.onDeskVenue() && !n.hasNonNull("mmr") && !n.hasNonNull("mmAmount")) {
                priced = ApiInput.atTakerFee(n, ctx.instruments());
            }
            refuseOtherWallet(sub, plan.symbol(), priced, planEx);
            account = DeskView.account(sub, store.positions(id), sub.onDeskVenue() ? marks.marks() : ctx.marks());
            java.util.List<io.perpguard.margin.CollateralAsset> pool = store.collateral(id);
            if (!pool.isEmpty()) {
                // a pooled live account (Multi-Assets, UTA 2.0): its equity is what its assets count for, as the venue values them,
                // an asset in a contract's own coin at its index moved with that contract's mark since the snapshot (as priced)
                pool = new io.perpguard.margin.CollateralPool(pool, account.positions(), null)
                        .withIndexesMovedSince(ctx.poolInstruments(), store.collateralMarks(id)).assets();
                double counted = 0;
                for (io.perpguard.margin.CollateralAsset a : pool) {
                    counted += a.rule().value(a.amount(), a.indexPrice());
                }
                account = new Account(Math.max(0, counted), account.positions(), account.exchange());
            }
        }
        MarketContext market = orRecent(PlanJson.market(planNode, prefix), plan, priced);
        return CheckUseCase.run(new CheckUseCase.Request(plan, policy, account, market, returnsDir,
                wrapped ? ApiInput.text(n, "benchmark") : null), priced);
    }

    /**
     * A plan against a sub-account must draw on that sub-account's wallet: a coin wallet (a mirrored Bybit or OKX coin
     * wallet, a COIN-M one) margins only contracts settled in its coin, a venue's USDT wallet no coin-margined one — the
     * venue alone does not tell them apart where an account holds both. Refused naming both currencies.
     */
    private static void refuseOtherWallet(DeskStore.SubAccountRow sub, String symbol, Instruments priced, Exchange planEx) {
        io.perpguard.instrument.Contract c = priced.contains(symbol) ? priced.get(symbol).contract() : VenueInstruments.contracts(planEx).get(symbol);
        if (c == null) {
            return;   // a symbol the venue does not know: the check itself names it
        }
        String wallet = sub.currency();
        if (wallet == null && !sub.venue().lists(io.perpguard.venue.ContractType.LINEAR)) {
            return;   // a COIN-M wallet entered by hand that never held a position: its coin is not known yet
        }
        boolean inverse = c.type() == io.perpguard.venue.ContractType.INVERSE;
        if (wallet != null ? !wallet.equals(c.settlementCurrency()) : inverse) {
            throw new InvalidInputException("subAccountId", "sub-account '" + sub.name() + "' is " + Checks.a(wallet != null ? wallet : "USDT") + " wallet on " + sub.exchange() + ", the plan's "
                    + c.symbol() + " settles in " + c.settlementCurrency() + ": check it against the account's " + c.settlementCurrency()
                    + " wallet (each wallet margins only the contracts settled in its currency)");
        }
    }

    /**
     * The instruments a wrapped check body prices with, as {@code check --exchange X [--mmr RATE [--mm-amount A]]}: the
     * desk's (Binance USDⓈ-M) unless it names another {@code exchange} or gives one tier.
     */
    private Instruments pricedBy(JsonNode n) {
        Exchange ex = n.hasNonNull("exchange") ? Exchange.parse("exchange", ApiInput.text(n, "exchange")) : Exchange.BINANCE;
        Double mmr = ApiInput.number(n, "mmr"), mmAmount = ApiInput.mmAmount(n);
        if (mmr == null && ex == Exchange.BINANCE) {
            return instruments;
        }
        return mmr == null ? venues.apply(ex)
                : VenueInstruments.loadForApi(new VenueInstruments.Source(ex, null, Database.dataDirectory(), mmr, mmAmount));
    }

    /**
     * A bare plan is read by streaming straight into the plan ({@link PlanBody}); any other body (wrapped, with bars,
     * an unknown or misspelt field, a null, a number as text, malformed JSON) through the tree above.
     */
    private Object checkStreamed(byte[] body) {
        TradePlan plan = PlanBody.read(body);
        if (plan == null) {
            return check(ApiInput.figures(body));
        }
        return CheckUseCase.run(new CheckUseCase.Request(plan, Policy.DEFAULT, null, orRecent(MarketContext.NONE, plan, instruments), returnsDir,
                null), instruments);
    }

    /**
     * The bars given with the plan, else the bar history's up to the current mark (their last close is the desk's mark,
     * the entry rule's price unless the plan gives a {@code mark}).
     */
    private MarketContext orRecent(MarketContext given, TradePlan plan, Instruments priced) {
        if (given.hasCloses()) {
            return given;
        }
        String symbol = priced.get(plan.symbol()).symbol();
        if (priced != instruments && !instruments.bySymbol().containsKey(symbol)) {
            return given;   // another venue's contract: the desk keeps no bars of it (trend and ATR are then not known)
        }
        MarketContext recent = bars.recent(symbol, CheckUseCase.BARS_USED);
        return Double.isNaN(given.mark()) ? recent : recent.withMark(given.mark());
    }

    /** As {@code stops --candles FILE --at MARK_TIME} on the bars up to the current mark. */
    private Object stops(JsonNode n) {
        ApiInput.onlyKnown(n, STOPS);
        Instrument inst = instruments.get(JsonInput.text(n, "symbol", "symbol", DefaultMarks.SYMBOL));
        Side side = Side.parse("side", JsonInput.text(n, "side", "side"));
        CandleSeries candles = bars.candles(inst.symbol());
        if (candles.indexAtOrBefore(marks.timeMs()) < 0) {
            throw new InvalidInputException("symbol", inst.symbol() + " has no bar yet");
        }
        return StopsUseCase.run(new StopsUseCase.Request(candles, marks.timeMs(), side, JsonInput.literalNumber(n, "entryPrice", "entryPrice"),
                ApiInput.integer(n, StopsUseCase.ATR), ApiInput.number(n, "mult"), ApiInput.integer(n, "pivot"), ApiInput.integer(n, "lookback"),
                ApiInput.number(n, "buffer"), ApiInput.integer(n, "timeBars"), inst, List.of()));
    }

    /**
     * Trader A against Trader B on the {@code --sim-candles} file, else the bar history of {symbol}; priced by the
     * desk's instruments, or by the venue of {@code exchange} or of the desk's sub-account {@code subAccountId} (as
     * {@code /api/portfolio} prices each account by its own venue).
     */
    private Object survival(JsonNode n) {
        ApiInput.onlyKnown(n, Set.of("symbol", "paths", "horizonDays", "seed", "fundingRate", "exchange", "subAccountId", "mmr", "mmAmount",
                "takerFeePct", "side"));
        if (n.hasNonNull("exchange") && n.hasNonNull("subAccountId")) {
            throw new InvalidInputException("exchange", "give at most one of exchange or subAccountId (whose venue prices the simulation)");
        }
        if (n.hasNonNull("mmr") && n.hasNonNull("subAccountId")) {
            throw new InvalidInputException("mmr", "goes with exchange (one tier of that venue's contract), not with subAccountId");
        }
        Instruments priced = instruments;
        if (n.hasNonNull("exchange") || n.hasNonNull("mmr") || n.hasNonNull("mmAmount")) {
            priced = pricedBy(n);   // as check: the venue's tables, or one tier of mmr (a coin-margined contract no table ships for)
        } else if (n.hasNonNull("subAccountId")) {
            long subId = ApiInput.id(n, "subAccountId");
            store.requireSubAccount(subId, "subAccountId");   // a 404 naming the body's field
            priced = pricing.of(store.subAccount(subId), marks.marks()).instruments();
        }
        priced = ApiInput.atTakerFee(n, priced);
        Integer paths = ApiInput.integer(n, SurvivalUseCase.PATHS), days = ApiInput.integer(n, SurvivalUseCase.HORIZON_DAYS);
        Budget.cap("paths", (double) (paths == null ? SurvivalUseCase.DEFAULT_PATHS : paths)
                * (days == null ? SurvivalUseCase.DEFAULT_HORIZON_DAYS : days), Budget.MAX_SURVIVAL_PATH_DAYS, "paths × horizonDays");
        CandleSeries candles;
        String source;
        List<String> warnings = new ArrayList<>();
        if (simCandles != null) {
            Loaded<CandleSeries> l = simSeries();
            candles = l.data();
            warnings.addAll(l.warnings());
            source = simCandles.getFileName().toString();
        } else {
            candles = bars.candles(barsFor(JsonInput.text(n, "symbol", "symbol", DefaultMarks.SYMBOL), priced, warnings));
            source = bars.source(candles.symbol()) + " " + candles.symbol() + " 1h " + Instant.ofEpochMilli(candles.openTimeMs()[0]) + ".."
                    + Instant.ofEpochMilli(candles.openTimeMs()[candles.size() - 1]);
        }
        return SurvivalUseCase.run(new SurvivalUseCase.Request(candles, source, ApiInput.text(n, "symbol"), paths,
                days, ApiInput.wholeLong(n, "seed"), ApiInput.number(n, "fundingRate"),
                n.hasNonNull("side") ? Side.parse("side", JsonInput.text(n, "side", "side")) : null, warnings), priced);
    }

    /**
     * The desk symbol whose bars a simulation of {@code symbol} runs on: its own, or for another venue's coin-margined
     * contract the desk's contract of the same asset (BTCUSDT for BTCUSD_PERP, with a warning: the basis is not modelled);
     * anything else is the desk's one-line unknown-symbol answer.
     */
    private String barsFor(String symbol, Instruments priced, List<String> warnings) {
        String own = symbol.trim().toUpperCase(java.util.Locale.ROOT);
        if (instruments.contains(own) || priced == instruments) {
            return instruments.get(own).symbol();
        }
        String standIn = io.perpguard.app.SymbolMatch.asset(own) + "USDT";
        if (!instruments.contains(standIn)) {
            return instruments.get(own).symbol();
        }
        String contract = priced.get(own).symbol();   // the venue's own refusal first (no such contract, no tier table)
        warnings.add(standIn + " bars stand in for " + contract + "'s (same asset, another contract): the basis between them is not modelled");
        return standIn;
    }

    /** The {@code --sim-candles} series, read and parsed once (a 2,000-path request re-read and re-parsed the file each time). */
    private synchronized Loaded<CandleSeries> simSeries() {
        if (simSeries == null) {
            simSeries = CandleCsv.read(simCandles);
        }
        return simSeries;
    }

    /**
     * The account JSON itself, or {account | accountId, returns?, window?, shocks?[], benchmark?}: accountId analyses one
     * of the desk's own accounts; returns (default true) uses the desk's directory; benchmark defaults to BTCUSDT.
     */
    private Object portfolio(JsonNode n) {
        JsonNode account = n;
        Long accountId = null;
        boolean useReturns = true;
        Integer window = null;
        List<String> shocks = new ArrayList<>();
        String benchmark = null;
        Double mmr = null, mmAmount = null, takerFeePct = null;
        if (n.has("account") || n.has("accountId")) {
            ApiInput.onlyKnown(n, Set.of("account", "accountId", "returns", "window", "shocks", "benchmark", "mmr", "mmAmount", "takerFeePct"));
            benchmark = ApiInput.text(n, "benchmark");
            mmr = ApiInput.number(n, "mmr");
            takerFeePct = io.perpguard.app.TakerFee.checked(ApiInput.number(n, io.perpguard.app.TakerFee.FIELD));
            mmAmount = ApiInput.mmAmount(n);
            if (n.has("account") == n.has("accountId")) {
                throw new InvalidInputException("account", "give exactly one of account (the JSON) or accountId (the desk's own)");
            }
            accountId = n.has("accountId") ? ApiInput.id(n, "accountId") : null;
            if (accountId != null) {
                store.requireAccount(accountId, "accountId");   // a 404 naming the body's field
            }
            if (accountId != null && (mmr != null || mmAmount != null)) {
                throw new InvalidInputException("mmr", "goes with a posted account (one tier for the venues it names), not with accountId");
            }
            if (accountId != null && takerFeePct != null) {
                // the desk's sub-accounts are priced as the desk prices them, each at its venue's fee
                throw new InvalidInputException("takerFeePct", "goes with a posted account (your fee on the venues it names), not with accountId");
            }
            account = n.get("account");
            if (accountId == null && !account.isObject()) {
                throw new InvalidInputException("account", "must be an object {walletBalance, positions[], subAccounts[], spot[]}");
            }
            useReturns = ApiInput.bool(n, "returns", true);
            window = ApiInput.integer(n, PortfolioUseCase.WINDOW);
            if (n.hasNonNull("shocks")) {
                JsonNode arr = JsonInput.array(n, "shocks", "shocks");
                for (int i = 0; i < arr.size(); i++) {
                    JsonNode sh = arr.get(i);
                    if (!sh.isNumber() && !sh.isTextual()) {
                        throw new InvalidInputException("shocks[" + i + "]", sh + " is not a shock: give -30 or \"BTCUSDT=-20,ETHUSDT=-35\"");
                    }
                    try {
                        // read here to blame the body's field: the use case names the command's option ("shock.BTCUSDT")
                        io.perpguard.app.PortfolioRun.parseShock(sh.asText(), new ArrayList<>(), new ArrayList<>());
                    } catch (InvalidInputException e) {
                        String problem = e.problem();
                        throw new InvalidInputException("shocks[" + i + "]", e.field().startsWith("shock.")
                                ? e.field().substring("shock.".length()) + " " + problem : problem);
                    }
                    shocks.add(sh.asText());
                }
            }
        }
        JsonNode root = account;
        Long id = accountId;
        // each sub-account priced by its own venue: the desk's own account by each sub-account's pricing context (a live
        // account by its exchange, at its marks), a posted account by the exchange it names (none: the desk's)
        Map<String, Instruments> own = new HashMap<>();
        Map<Exchange, Instruments> named = new HashMap<>();
        // mmr: one tier for the contracts of the venues the posted account names (a coin-margined one no table ships for)
        Double oneTier = mmr, oneTierAmount = mmAmount, fee = takerFeePct;
        Function<Exchange, Instruments> tables = oneTier == null && oneTierAmount == null ? venues
                : ex -> VenueInstruments.loadForApi(new VenueInstruments.Source(ex, null, Database.dataDirectory(), oneTier, oneTierAmount));
        // takerFeePct: the trader's fee on every venue a posted account names, as portfolio --taker-fee-pct
        Function<Exchange, Instruments> venueOf = ex -> io.perpguard.app.TakerFee.on(tables.apply(ex), fee);
        Instruments home = io.perpguard.app.TakerFee.on(instruments, fee);
        Venues byVenue = id != null ? sub -> own.getOrDefault(sub.name(), home)
                : sub -> sub.account().exchange() == null ? home : named.computeIfAbsent(sub.account().exchange(), venueOf);
        // a posted account stated past its liquidation is refused as portfolio --account refuses it; the desk's own
        // book is the venue's (settled at every mark) and is analysed as it stands
        List<String> deskNotes = new java.util.ArrayList<>();   // what the desk's own account needed said (a coin wallet counted as held)
        PortfolioUseCase.AccountSource source = id != null ? fallback -> {
            deskNotes.clear();   // said once, however often the account is read
            return DeskView.portfolio(store, id, pricing, marks.marks(), own, deskNotes);
        }
                : fallback -> PortfolioFile.parse(root, fallback, (path, p, ex) -> io.perpguard.app.CalcUseCase.requireLeverageStep(path, p,
                        ex == null ? home : named.computeIfAbsent(ex, venueOf)),
                        io.perpguard.app.PooledAccount.pooler(ex -> ex == null ? home : named.computeIfAbsent(ex, venueOf)),
                        PortfolioUseCase.notPastLiquidation(byVenue));
        try {
            PortfolioUseCase.Result result = PortfolioUseCase.run(new PortfolioUseCase.Request(source, useReturns ? returnsDir : null, window,
                    shocks, benchmark), home, byVenue);
            if (deskNotes.isEmpty()) {
                return result;
            }
            List<String> warnings = new java.util.ArrayList<>(deskNotes);
            warnings.addAll(result.warnings());
            return new PortfolioUseCase.Result(result.analysis(), warnings);
        } catch (InvalidInputException e) {
            if (!e.field().startsWith("shock.")) {
                throw e;
            }
            // a shock's symbol the account does not hold: the body's field is shocks
            throw new InvalidInputException("shocks", e.problem());
        }
    }
}
