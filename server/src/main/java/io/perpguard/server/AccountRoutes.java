package io.perpguard.server;

import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.venue.Exchange;
import io.perpguard.data.instrument.VenueInstruments;
import java.util.Map;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The stored book: {@code /api/accounts}, {@code /api/subaccounts}, {@code /api/positions} (CRUD). A change is refused
 * when the sub-account would not stay valid with it at the current marks; a saved change resets its alert state.
 */
final class AccountRoutes implements Routes {
    static final Set<String> POSITION_FIELDS = Set.of("subAccountId", "symbol", "side", "qty", "entryPrice", "leverage",
            "marginMode", "positionSide", "marginAdded", "markPrice", "contracts");
    /** The venues a stored sub-account may be on: the replay's marks are Binance USDⓈ-M's, COIN-M's stand in by asset. */
    private static final Set<Exchange> STORED_VENUES = Set.of(Exchange.BINANCE, Exchange.BINANCE_COINM);

    private final Http http;
    private final DeskStore store;
    private final MarkSource marks;
    private final DeskPricing pricing;
    private final DeskMonitor monitor;

    AccountRoutes(Http http, DeskStore store, MarkSource marks, DeskPricing pricing, DeskMonitor monitor) {
        this.http = http;
        this.store = store;
        this.marks = marks;
        this.pricing = pricing;
        this.monitor = monitor;
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/accounts", ctx -> Http.json(ctx, store.accounts()));
        a.post("/api/accounts", ctx -> {
            JsonNode n = ApiInput.object(http.jsonBody(ctx));
            ApiInput.onlyKnown(n, Set.of("name"));
            Http.created(ctx, store.createAccount(ApiInput.name(n, "name")));
        });
        a.get("/api/accounts/{id}", ctx -> Http.json(ctx, store.account(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.delete("/api/accounts/{id}", ctx -> {
            long id = ApiInput.pathId(ctx.pathParam("id"), "id");
            synchronized (monitor) {   // not between a write's check and its store (savePosition)
                // its alerts go with it (V5); what the alert rules remember of its subjects too
                store.deleteAccount(id).forEach(monitor::reset);
            }
            monitor.refresh();
            ctx.status(204);
        });

        a.get("/api/subaccounts", ctx -> {
            Long accountId = Http.queryId(ctx, "accountId");
            if (accountId != null) {
                store.requireAccount(accountId, "accountId");   // a deleted account is a 404, not an empty list
            }
            Http.json(ctx, store.subAccounts(accountId));
        });
        a.post("/api/subaccounts", ctx -> {
            Http.created(ctx, createSubAccount(ApiInput.object(http.jsonBody(ctx))));
            monitor.refresh();
        });
        a.get("/api/subaccounts/{id}", ctx -> Http.json(ctx, store.subAccount(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.put("/api/subaccounts/{id}", ctx -> {
            Http.json(ctx, updateSubAccount(ApiInput.pathId(ctx.pathParam("id"), "id"), ApiInput.object(http.jsonBody(ctx))));
            monitor.refresh();
        });
        a.delete("/api/subaccounts/{id}", ctx -> {
            long id = ApiInput.pathId(ctx.pathParam("id"), "id");
            synchronized (monitor) {   // not between a write's check and its store (savePosition)
                // its alerts go with it (V5); what the alert rules remember of its subjects too
                store.deleteSubAccount(id).forEach(monitor::reset);
            }
            monitor.refresh();
            ctx.status(204);
        });

        a.get("/api/positions", ctx -> Http.json(ctx, store.positions(Http.subAccountFilter(ctx, store))));
        a.post("/api/positions", ctx -> {
            Http.created(ctx, savePosition(null, ApiInput.object(http.jsonBody(ctx))));
            monitor.refresh();
        });
        a.get("/api/positions/{id}", ctx -> Http.json(ctx, store.openPositionToRead(ApiInput.pathId(ctx.pathParam("id"), "id"))));
        a.put("/api/positions/{id}", ctx -> {
            Http.json(ctx, savePosition(ApiInput.pathId(ctx.pathParam("id"), "id"), ApiInput.object(http.jsonBody(ctx))));
            monitor.refresh();
        });
        a.delete("/api/positions/{id}", ctx -> {
            long id = ApiInput.pathId(ctx.pathParam("id"), "id");
            synchronized (monitor) {   // not between a write's check and its store (savePosition)
                store.deletePosition(id);
                monitor.reset("pos:" + id);
            }
            monitor.refresh();
            ctx.status(204);
        });
    }

    private DeskStore.SubAccountRow createSubAccount(JsonNode n) {
        onlySubAccountFields(n, Set.of("accountId", "name", "walletBalance", "exchange", "currency"));
        long accountId = ApiInput.id(n, "accountId");
        store.requireAccount(accountId, "accountId");   // a 404 naming the body's field (it said "account 99 not found", field null)
        Exchange ex = venue(n);
        String coin = walletCoin(n, ex);
        BigDecimal wallet = ApiInput.balance(n, "walletBalance", null, DeskStore.MONEY_SCALE);
        return store.createSubAccount(accountId, ApiInput.name(n, "name"), wallet, ex, coin);
    }

    /**
     * A sub-account body's fields: a wallet's coin is {@code currency}, the name GET /api/subaccounts answers it by, and a
     * body saying {@code coin} is told so (too far from it for the unknown-field check's suggestion).
     */
    private static void onlySubAccountFields(JsonNode n, Set<String> known) {
        if (n.has("coin")) {
            throw new InvalidInputException("coin", "unknown field (did you mean 'currency'? a wallet's coin is its currency, as GET "
                    + "/api/subaccounts answers it); known: " + String.join(", ", new java.util.TreeSet<>(known)));
        }
        ApiInput.onlyKnown(n, known);
    }

    /** The coins a wallet of {@code ex} may hold: the settlement coins of its bundled coin-margined contracts (none on USDⓈ-M). */
    static java.util.SortedSet<String> walletCoins(Exchange ex) {
        java.util.SortedSet<String> coins = new java.util.TreeSet<>();
        for (io.perpguard.instrument.Contract c : VenueInstruments.contracts(ex).values()) {
            if (c.type() == io.perpguard.venue.ContractType.INVERSE) {
                coins.add(c.settlementCurrency());
            }
        }
        return coins;
    }

    /**
     * The body's {@code currency}, the coin a coin-margined wallet holds (a Binance COIN-M wallet is one coin), upper-cased;
     * null when not given (its coin is then learnt from its first position, as before). One of the settlement coins of the
     * venue's bundled coin-margined contracts; refused on a venue whose wallet is its dollar (USDⓈ-M: USDT).
     */
    private static String walletCoin(JsonNode n, Exchange ex) {
        String t = ApiInput.text(n, "currency");
        if (t == null) {
            return null;
        }
        java.util.SortedSet<String> coins = walletCoins(ex);
        if (coins.isEmpty()) {
            throw new InvalidInputException("currency", "applies only to a coin-margined sub-account (exchange binance-coinm, a wallet of one "
                    + "coin); a " + ex.displayName() + " wallet is in USDT: leave currency out");
        }
        String coin = t.strip().toUpperCase(java.util.Locale.ROOT);
        if (!coins.contains(coin)) {
            throw new InvalidInputException("currency", "'" + io.perpguard.data.io.Excerpt.of(t) + "' is not the coin of a " + ex.displayName()
                    + " contract; allowed: " + String.join(", ", coins));
        }
        return coin;
    }

    /** The body's {@code exchange}: binance (USDⓈ-M, the default) or binance-coinm; any other venue is refused by name. */
    private static Exchange venue(JsonNode n) {
        String t = ApiInput.text(n, "exchange");
        if (t == null) {
            return Exchange.BINANCE;
        }
        Exchange ex = Exchange.parse("exchange", t);
        if (!STORED_VENUES.contains(ex)) {
            throw new InvalidInputException("exchange", "'" + ex.id() + "': a desk sub-account is on binance (USDⓈ-M, wallet in USDT) or "
                    + "binance-coinm (COIN-M, wallet in the coin); price " + ex.displayName() + " positions with POST /api/calc {exchange}");
        }
        return ex;
    }

    /**
     * Checks and stores under the monitor's lock, as one step: two requests checked at once each saw the other's position
     * missing, so two isolated positions whose margins together exceed the wallet were both stored (the sub-account could
     * no longer be priced), and a liquidation settled between the check and the write could do the same.
     */
    private DeskStore.SubAccountRow updateSubAccount(long id, JsonNode n) {
        synchronized (monitor) {
            return updateSubAccountChecked(id, n);
        }
    }

    /**
     * A saved position (its fields as stored, {@code markPrice} the one given or the entry) with the mark the desk prices
     * it at now, {@code markUsed}, and where that comes from, {@code markSource}: the desk's feed ({@code replay},
     * {@code live:VENUE}) wherever it marks the symbol — a posted markPrice is then stored but not used, said in
     * {@code warnings} (it was echoed back as if it were) — else {@code markPrice} (the posted one) or {@code entryPrice}
     * (none posted: the entry stands in).
     */
    record SavedPosition(@com.fasterxml.jackson.annotation.JsonUnwrapped DeskStore.PositionRow position,
                         double markUsed,
                         String markSource, List<String> warnings) {
    }

    private SavedPosition savePosition(Long id, JsonNode n) {
        synchronized (monitor) {
            return savePositionChecked(id, n);
        }
    }

    private DeskStore.SubAccountRow updateSubAccountChecked(long id, JsonNode n) {
        onlySubAccountFields(n, Set.of("name", "walletBalance", "exchange", "currency"));
        DeskStore.SubAccountRow old = store.subAccount(id);
        if (n.hasNonNull("exchange") && venue(n) != old.venue()) {
            throw new InvalidInputException("exchange", "sub-account '" + old.name() + "' is on " + old.exchange()
                    + "; its venue is fixed (its wallet and positions are in that venue's units): create a sub-account on " + venue(n).id());
        }
        String coin = walletCoin(n, old.venue());
        if (coin != null && !coin.equals(old.currency())) {
            // a wallet that holds or held a position is in its contracts' coin (its wallet and closed PnL are counted in it);
            // a coin given wrongly before any position is corrected
            for (String symbol : store.symbolsHeld(id)) {
                io.perpguard.instrument.Contract c = VenueInstruments.contract(old.venue(), symbol);
                if (c != null && !c.settlementCurrency().equals(coin)) {
                    throw new InvalidInputException("currency", coin + ": sub-account '" + old.name() + "' has held " + symbol + ", which settles in "
                            + c.settlementCurrency() + ", so its wallet is " + c.settlementCurrency() + "; keep " + coin + " in a sub-account of its own");
                }
            }
        }
        String currency = coin != null ? coin : old.currency();
        String name = n.has("name") ? ApiInput.name(n, "name") : old.name();
        BigDecimal wallet = ApiInput.balance(n, "walletBalance", old.walletBalance(), DeskStore.MONEY_SCALE);
        // the sub-account must stay valid with its positions (isolated margins within the wallet, tiers respected)
        DeskStore.SubAccountRow next = new DeskStore.SubAccountRow(id, old.accountId(), name, wallet, old.exchange(), currency);
        DeskPricing.Context ctx = pricing.of(next, marks.marks());
        AccountReport report = MarginCalculator.evaluate(DeskView.account(next, store.positions(id), ctx.marks()), ctx.instruments());
        // a wallet the cross positions cannot stand at the current marks is refused, as such a position is: the next mark
        // would liquidate them all (a wallet typed as 0 closed both of core's cross positions)
        boolean cross = report.positions().stream().anyMatch(p -> p.marginMode() == MarginMode.CROSS);
        if (cross && !(report.marginRatio() < 1)) {
            throw new InvalidInputException("walletBalance", Checks.fmt(wallet.doubleValue()) + " would liquidate the cross positions at once at the "
                    + "current marks (cross margin ratio " + (Double.isFinite(report.marginRatio())
                    ? Checks.fmt(Math.round(report.marginRatio() * 1000) / 10.0) + " %" : "∞, margin balance gone")
                    + "); close them first or keep more in the wallet");
        }
        monitor.reset("sub:" + id);
        return store.updateSubAccount(id, name, wallet, coin);
    }

    /** Creates ({@code id} null) or replaces a position after checking the sub-account stays valid with it. */
    private SavedPosition savePositionChecked(Long id, JsonNode n) {
        // an unknown position is a 404, a closed one a 409, before its body is judged (it was refused as "listed twice")
        DeskStore.PositionRow old = id == null ? null : store.openPosition(id, "edited");
        ApiInput.onlyKnown(n, POSITION_FIELDS);
        long subId = ApiInput.id(n, "subAccountId");
        store.requireSubAccount(subId, "subAccountId");
        if (old != null && old.subAccountId() != subId) {
            // an edit moved the position and checked only the sub-account it went to: the one it left (a hedge taken out of
            // a cross book) was not checked, and could be liquidated at the next mark
            DeskStore.SubAccountRow from = store.subAccount(old.subAccountId());
            throw new InvalidInputException("subAccountId", "position " + id + " is in sub-account '" + from.name() + "' (" + from.id()
                    + "); a position stays in its sub-account: give subAccountId " + from.id() + ", or close it there and add it to the other");
        }
        DeskStore.SubAccountRow sub = store.subAccount(subId);
        Exchange ex = sub.venue();
        boolean coinm = ex == Exchange.BINANCE_COINM;
        // the sub-account's venue says how a size is given: base units on USDⓈ-M, whole contracts on COIN-M
        if (!coinm && n.has("contracts")) {
            throw new InvalidInputException("contracts", "sub-account '" + sub.name() + "' is Binance USDⓈ-M, whose positions are held in base "
                    + "units: give qty (BTC for BTCUSDT)");
        }
        if (coinm && n.has("qty")) {
            throw new InvalidInputException("qty", "sub-account '" + sub.name() + "' is Binance COIN-M, whose positions are held in whole "
                    + "contracts: give contracts (BTCUSD_PERP: 100 USD each, other coins 10 USD)");
        }
        if (coinm && !n.hasNonNull("contracts")) {
            throw new InvalidInputException("contracts", "is missing: a Binance COIN-M position is held in whole contracts (BTCUSD_PERP: "
                    + "100 USD each, other coins 10 USD)");
        }
        DeskPricing.Context ctx = pricing.of(sub, marks.marks());
        Instruments instruments = ctx.instruments();
        if (coinm && n.path("symbol").isTextual() && VenueInstruments.contract(ex, n.get("symbol").asText()) == null) {
            // not a COIN-M contract (BTCUSDT, a typo): named as /api/calc names it, with the contracts known; it was refused as
            // "contracts: BTCUSDT on Binance COIN-M has no known contract size; give qty", and qty is refused on COIN-M
            instruments.get(n.get("symbol").asText());
        }
        Position p;
        try {
            p = AccountFile.parsePositionFields(n, "position", coinm ? ex : null);
        } catch (InvalidInputException e) {
            // the body is the position itself: its fields are qty, side..., not "position.qty" (as leverage and symbol are named)
            String f = e.field().startsWith("position.") ? e.field().substring("position.".length()) : e.field();
            throw new InvalidInputException(f, e.problem());
        }
        List<DeskStore.PositionRow> rows = new ArrayList<>();
        for (DeskStore.PositionRow r : store.positions(subId)) {
            if (id == null || r.id() != id) {
                rows.add(r);
            }
        }
        if (coinm) {
            // a COIN-M wallet holds one coin: BTCUSD_PERP and ETHUSD_PERP cannot share it
            Map<String, io.perpguard.instrument.Contract> contracts = VenueInstruments.contracts(ex);
            String coin = contracts.containsKey(p.symbol()) ? contracts.get(p.symbol()).settlementCurrency() : null;
            for (DeskStore.PositionRow r : rows) {
                String other = contracts.containsKey(r.symbol()) ? contracts.get(r.symbol()).settlementCurrency() : null;
                if (coin != null && other != null && !other.equals(coin)) {
                    throw new InvalidInputException("symbol", p.symbol() + " settles in " + coin + " but sub-account '" + sub.name()
                            + "' holds " + other + " (its " + r.symbol() + "): a COIN-M wallet is one coin; keep each coin's contracts in a sub-account of their own");
                }
            }
            if (coin != null && sub.currency() != null && !sub.currency().equals(coin)) {
                // the wallet's coin is stored (V8): it says so even while the wallet holds no position
                throw new InvalidInputException("symbol", p.symbol() + " settles in " + coin + " but sub-account '" + sub.name()
                        + "' is " + Checks.a(sub.currency()) + " wallet: a COIN-M wallet is one coin; keep each coin's contracts in a sub-account of their own");
            }
        }
        Instrument inst = instruments.get(p.symbol());
        inst.requireLeverageStep("leverage", p.leverage());   // typed, as calc --leverage: 10.5x where the venue sets whole numbers
        // one position per symbol and position side (a one-way "both" excludes the hedge legs): a second is a 409 naming
        // the one held, not the account file's "listed twice; merge the fills" (the trader typed one position) — said once
        // the body itself is judged (its fields, and the position priced beside the others but the one held), so a bad
        // field is its 400 whether or not the symbol is held (it was a 409 before the body was read)
        List<DeskStore.PositionRow> clashing = rows.stream().filter(r -> r.symbol().equals(inst.symbol()) && (r.positionSide() == p.positionSide()
                || r.positionSide() == io.perpguard.margin.PositionSide.BOTH || p.positionSide() == io.perpguard.margin.PositionSide.BOTH)).toList();
        DeskStore.PositionRow held = clashing.isEmpty() ? null : clashing.get(0);
        rows.removeAll(clashing);
        if (inst.contract().type() == io.perpguard.venue.ContractType.LINEAR) {
            inst.contract().requireOrderQty("qty", p.qty());   // an exchange position is whole steps, at least the minimum
        }
        BigDecimal entry = ApiInput.positiveDecimal(n, "entryPrice", null, DeskStore.PRICE_SCALE);
        // COIN-M: the engine's size is the USD face (contracts × the contract's face), exact; the count is kept beside it
        BigDecimal contracts = coinm ? ApiInput.positiveDecimal(n, "contracts", null, 0) : null;
        BigDecimal qty = coinm ? contracts.multiply(BigDecimal.valueOf(inst.contract().contractSize()))
                : ApiInput.positiveDecimal(n, "qty", null, DeskStore.PRICE_SCALE);
        DeskStore.PositionRow row = new DeskStore.PositionRow(id == null ? 0 : id, subId, inst.symbol(), p.side(),
                qty, entry, ApiInput.positiveDecimal(n, "leverage", null, DeskStore.LEVERAGE_SCALE), p.marginMode(),
                p.positionSide(), ApiInput.decimal(n, "marginAdded", BigDecimal.ZERO, DeskStore.MONEY_SCALE),
                ApiInput.positiveDecimal(n, "markPrice", entry, DeskStore.PRICE_SCALE), contracts);
        rows.add(row);
        AccountReport report;
        try {
            report = MarginCalculator.evaluate(DeskView.account(sub, rows, ctx.marks()), instruments);
        } catch (InvalidInputException e) {
            // name the body's field, not the account's list index, in the field and in the words (a qty above the tiers read
            // "at positions[2].entryPrice 4,000" of a body that has no list)
            String f = e.field().replaceFirst("^positions\\[\\d+]\\.?", "");
            // an empty remainder is the account's own check on the list (the same symbol and side twice)
            throw new InvalidInputException(f.isEmpty() ? "symbol" : f, e.problem().replace("positions[" + (rows.size() - 1) + "].", ""));
        }
        if (held != null) {
            throw new DeskStore.Conflict("symbol", "sub-account '" + sub.name() + "' already holds " + held.symbol() + " (position " + held.id()
                    + ", " + held.side().label() + " " + held.qty().stripTrailingZeros().toPlainString() + " at "
                    + held.entryPrice().stripTrailingZeros().toPlainString()
                    + "): edit it (PUT /api/positions/" + held.id() + ") or close it first; hedge legs take positionSide long and short");
        }
        // a position the venue would liquidate at once at the current mark is refused, not stored and closed
        PositionReport pr = report.positions().get(rows.size() - 1);
        double ratio = pr.marginMode() == MarginMode.ISOLATED ? pr.marginRatio() : report.marginRatio();
        if (ratio >= 1) {
            throw new InvalidInputException(n.hasNonNull("entryPrice") ? "entryPrice" : "qty", "at the current mark " + Checks.fmt(pr.markPrice())
                    + " this " + pr.side().label() + " would be liquidated at once (" + (pr.marginMode() == MarginMode.ISOLATED ? "" : "cross ")
                    + "margin ratio " + (Double.isFinite(ratio) ? Checks.fmt(Math.round(ratio * 1000) / 10.0) + " %" : "∞, margin balance gone")
                    + "); check the entry, the leverage or the wallet");
        }
        DeskStore.PositionRow saved = id == null ? store.createPosition(row) : store.updatePosition(id, row);
        if (coinm && sub.currency() == null) {
            // the wallet's coin from its first position, kept when the position is closed (the card still says BTC)
            store.updateSubAccountCurrency(subId, inst.contract().settlementCurrency());
        }
        monitor.reset("pos:" + saved.id());
        monitor.reset("sub:" + subId);
        // the feed's mark wins where it has one (DeskView.account): a posted markPrice is kept, and said to be unused
        List<String> warnings = new ArrayList<>();
        String source;
        if (ctx.marks().get(inst.symbol()) != null) {
            source = ctx.markSource();
            if (n.hasNonNull("markPrice") && row.markPrice().doubleValue() != pr.markPrice()) {
                warnings.add("markPrice " + Checks.fmt(row.markPrice().doubleValue()) + " ignored: the desk marks " + inst.symbol()
                        + " from its feed (" + source + ") at " + Checks.fmt(pr.markPrice()) + "; the position is priced, and its alerts raised, at the feed's mark");
            }
        } else {
            source = n.hasNonNull("markPrice") ? "markPrice" : "entryPrice";
        }
        return new SavedPosition(saved, pr.markPrice(), source, warnings);
    }
}
