package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.perpguard.InvalidInputException;
import io.perpguard.app.CalcUseCase;
import io.perpguard.app.FundingUseCase;
import io.perpguard.app.JournalUseCase;
import io.perpguard.app.KellyUseCase;
import io.perpguard.app.RecoveryUseCase;
import io.perpguard.app.SizeUseCase;
import io.perpguard.app.TiersUseCase;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.store.Database;
import io.perpguard.venue.Exchange;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Side;

import java.util.List;
import java.util.Set;

/**
 * The calculators: {@code POST /api/calc, /tiers, /size, /kelly, /funding, /recovery}. Each reads the body into the use
 * case's request (the command's options under the same names) and answers its result, as the command's {@code --json}.
 */
final class CalculatorRoutes implements Routes {
    static final Set<String> CALC = Set.of("exchange", "symbol", "side", "entryPrice", "qty", "contracts", "notional", "leverage",
            "marginMode", "walletBalance", "markPrice", "marginAdded", "mmr", "mmAmount", "takerFeePct");
    static final Set<String> TIERS = Set.of("exchange", "symbol", "sizes", "leverage", "entryPrice", "side", "mmr", "mmAmount", "takerFeePct");
    private static final Set<String> SIZE = Set.of("exchange", "symbol", "side", "equity", "riskPct", "riskAmount", "entryPrice", "stop", "leverage",
            "slippagePct", "buffer", "takerFeePct", "available", "mmr", "mmAmount");
    private static final Set<String> KELLY = Set.of("winRate", "winRatePct", "payoff", "fraction", "cap", "journal", "resamples", "seed");
    private static final Set<String> FUNDING = Set.of("exchange", "mmr", "mmAmount", "notional", "qty", "contracts", "leverage", "fundingRate", "interval",
            "symbol", "side", "markPrice", "driftRows", "takerFeePct");
    private static final Set<String> RECOVERY = Set.of("drawdowns", "winRate", "winRatePct", "payoff", "riskPct", "ruinPct", "trades", "paths", "seed");

    private final Http http;
    private final Instruments instruments;
    private final MarkSource marks;
    private final String journalUrl;

    CalculatorRoutes(Http http, Instruments instruments, MarkSource marks, String journalUrl) {
        this.http = http;
        this.instruments = instruments;
        this.marks = marks;
        this.journalUrl = journalUrl;
    }

    @Override
    public void registerHot(Javalin a) {
        a.post("/api/calc", ctx -> Http.json(ctx, calc(ApiInput.figures(http.jsonBytes(ctx)))));
    }

    @Override
    public void hot(java.util.Map<String, HotRoutes.Route> into) {
        into.put("/api/calc", this::calcStreamed);
    }

    @Override
    public void register(Javalin a) {
        a.post("/api/tiers", ctx -> Http.json(ctx, tiers(ApiInput.figures(http.jsonBytes(ctx)))));
        a.post("/api/size", ctx -> Http.json(ctx, size(ApiInput.figures(http.jsonBytes(ctx)))));
        a.post("/api/kelly", ctx -> {
            JsonNode n = ApiInput.figures(http.jsonBytes(ctx));
            Http.json(ctx, Budget.run(ctx, () -> kelly(n)));
        });
        a.post("/api/funding", ctx -> Http.json(ctx, funding(ApiInput.figures(http.jsonBytes(ctx)))));
        a.post("/api/recovery", ctx -> {
            JsonNode n = ApiInput.figures(http.jsonBytes(ctx));
            Http.json(ctx, Budget.run(ctx, () -> recovery(n)));
        });
    }

    /**
     * The instruments a body prices with: the desk's (Binance USDⓈ-M) unless it names another {@code exchange} or
     * gives one tier ({@code mmr}, {@code mmAmount}); other venues' tables come from the data directory.
     */
    private Instruments instrumentsFor(JsonNode n) {
        Exchange ex = AccountFile.exchange(n, "exchange", Exchange.BINANCE);
        Double mmr = ApiInput.number(n, "mmr"), mmAmount = ApiInput.mmAmount(n);
        if (ex == Exchange.BINANCE && mmr == null) {
            return instruments;
        }
        return VenueInstruments.loadForApi(new VenueInstruments.Source(ex, null, Database.dataDirectory(), mmr, mmAmount));
    }

    /**
     * A plain position body is read by streaming straight into the request ({@link CalcBody}); any other body (an
     * account, another venue, an unknown or misspelt field, a null, a number given as text, malformed JSON) through
     * the tree below, which reads it or names what is wrong.
     */
    private Object calcStreamed(byte[] body) {
        CalcUseCase.Request r = CalcBody.read(body);
        return r != null ? CalcUseCase.run(r, instruments) : calc(ApiInput.figures(body));
    }

    /** A position, or an account body ({exchange, walletBalance, positions}) as {@code calc --account}. */
    private Object calc(JsonNode n) {
        if (n.has("positions")) {
            // each position against its tiers as read, before the wallet is checked against the isolated margins (calc --account's rule)
            var instruments = instrumentsFor(n);
            var account = AccountFile.parse(n, null, (path, p, ex) -> CalcUseCase.requireWithinTiers(path, p, instruments));
            return CalcUseCase.account(account, instruments);
        }
        ApiInput.onlyKnown(n, CALC);
        String mode = ApiInput.text(n, "marginMode");
        Double marginAdded = ApiInput.number(n, "marginAdded");
        return CalcUseCase.run(new CalcUseCase.Request(JsonInput.text(n, "symbol", "symbol"),
                Side.parse("side", JsonInput.text(n, "side", "side")),
                JsonInput.literalNumber(n, "entryPrice", "entryPrice"), ApiInput.number(n, "qty"), ApiInput.number(n, "notional"),
                JsonInput.literalNumber(n, "leverage", "leverage"), mode == null ? null : MarginMode.parse("marginMode", mode),
                ApiInput.number(n, "walletBalance"), ApiInput.number(n, "markPrice"), marginAdded == null ? 0 : marginAdded,
                ApiInput.number(n, "contracts")), ApiInput.atTakerFee(n, instrumentsFor(n)));
    }

    /** Without an entry, the ladder is priced at the current mark. */
    private Object tiers(JsonNode n) {
        ApiInput.onlyKnown(n, TIERS);
        TiersUseCase.Request r = new TiersUseCase.Request(JsonInput.text(n, "symbol", "symbol"), ApiInput.numbers(n, "sizes", 100, "sizes"),
                ApiInput.number(n, "leverage"), ApiInput.number(n, "entryPrice"), ApiInput.side(n, "side"));
        Instruments ins = ApiInput.atTakerFee(n, instrumentsFor(n));
        return TiersUseCase.run(r, ins, marks.marks().getOrDefault(ins.get(r.symbol()).symbol(), Double.NaN));
    }

    private Object size(JsonNode n) {
        ApiInput.onlyKnown(n, SIZE);
        return SizeUseCase.run(new SizeUseCase.Request(JsonInput.text(n, "symbol", "symbol"), ApiInput.side(n, "side"),
                JsonInput.literalNumber(n, "equity", "equity"), ApiInput.number(n, "riskPct"), ApiInput.number(n, "riskAmount"),
                JsonInput.literalNumber(n, "entryPrice", "entryPrice"), JsonInput.literalNumber(n, "stop", "stop"), JsonInput.literalNumber(n, "leverage", "leverage"),
                ApiInput.number(n, "slippagePct"), ApiInput.number(n, "buffer"), ApiInput.number(n, "takerFeePct"),
                ApiInput.number(n, "available")), instrumentsFor(n));
    }

    /** {winRate | winRatePct, payoff, fraction?, cap?}, or {journal: true, ...} from the trades journaled in the desk's database. */
    private Object kelly(JsonNode n) {
        ApiInput.onlyKnown(n, KELLY);
        KellyUseCase.Options o = KellyUseCase.Options.of(ApiInput.number(n, "fraction"), ApiInput.number(n, "cap"),
                ApiInput.integer(n, KellyUseCase.RESAMPLES), ApiInput.wholeLong(n, "seed"));
        if (ApiInput.bool(n, "journal", false)) {
            for (String given : new String[]{"winRate", "winRatePct", "payoff"}) {
                if (n.hasNonNull(given)) {
                    // as kelly --journal --win-rate: one source; the journal's own win rate and payoff were used, the given ignored
                    throw new InvalidInputException(given, "goes without \"journal\": true (the journal's trades give the win rate and payoff); "
                            + "give exactly one source: {winRate, payoff} or {journal: true}");
                }
            }
            JournalUseCase.Trades t = JournalUseCase.trades(journalUrl);
            if (t.trades().isEmpty()) {
                // the command's hint (perpguard journal import FILE) cannot run while the desk holds the database
                throw new InvalidInputException("journal", "the desk's journal holds no closed round-trip trades yet: import a trade-history "
                        + "CSV with POST /api/journal/import (the page's Journal panel)");
            }
            return KellyUseCase.fromTrades(t.trades(), t.source(), List.of(), "journal", o);
        }
        return KellyUseCase.run(KellyUseCase.Request.of(ApiInput.number(n, "winRate"), "winRate", ApiInput.number(n, "winRatePct"), "winRatePct",
                f -> f, ApiInput.number(n, "payoff"), "payoff", o));
    }

    private Object funding(JsonNode n) {
        ApiInput.onlyKnown(n, FUNDING);
        Integer hours = null;
        if (n.hasNonNull("interval")) {
            JsonNode iv = n.get("interval");
            hours = FundingUseCase.parseInterval(iv.isNumber() ? iv.asText() : JsonInput.text(n, "interval", "interval"));
        }
        return FundingUseCase.run(new FundingUseCase.Request(ApiInput.text(n, "symbol"), ApiInput.side(n, "side"),
                ApiInput.number(n, "notional"), ApiInput.number(n, "qty"), ApiInput.number(n, "contracts"), JsonInput.literalNumber(n, "leverage", "leverage"),
                JsonInput.literalNumber(n, "fundingRate", "fundingRate"), hours, ApiInput.number(n, "markPrice"), null, List.of(),
                ApiInput.integer(n, FundingUseCase.DRIFT_ROWS)), ApiInput.atTakerFee(n, instrumentsFor(n)));
    }

    private Object recovery(JsonNode n) {
        ApiInput.onlyKnown(n, RECOVERY);
        Integer paths = ApiInput.integer(n, RecoveryUseCase.PATHS), trades = ApiInput.integer(n, RecoveryUseCase.TRADES);
        Budget.cap("paths", (double) (paths == null ? RecoveryUseCase.DEFAULT_PATHS : paths) * (trades == null ? RecoveryUseCase.DEFAULT_TRADES : trades),
                Budget.MAX_RECOVERY_STEPS, "paths × trades");
        return RecoveryUseCase.run(RecoveryUseCase.Request.of(ApiInput.numbers(n, "drawdowns", 100, "drawdowns in percent"),
                ApiInput.number(n, "winRate"), "winRate", ApiInput.number(n, "winRatePct"), "winRatePct", f -> f, ApiInput.number(n, "payoff"), "payoff",
                ApiInput.number(n, "riskPct"), "riskPct", ApiInput.number(n, "ruinPct"),
                trades, paths, ApiInput.wholeLong(n, "seed")));
    }
}
