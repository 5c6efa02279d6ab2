package io.perpguard.server;

import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.app.CheckUseCase;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.perpguard.app.json.Json;
import io.perpguard.app.CalcUseCase;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.SubAccount;

import java.math.BigDecimal;
import java.time.Instant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices the stored sub-accounts at the current marks: for each, the {@code calc --account} report plus, per position,
 * its id, the distance to liquidation in % and in ATR (hourly ATR(14) of the replayed bars).
 */
final class DeskView {
    private final DeskStore store;
    private final DeskPricing pricing;
    private final MarkSource marks;
    private final BarHistory bars;

    DeskView(DeskStore store, Instruments instruments, MarkSource marks, BarHistory bars) {
        this(store, DeskPricing.uniform(instruments, marks), marks, bars);
    }

    /** A desk whose sub-accounts are priced each in its own context (a live account by its venue, at its own marks). */
    DeskView(DeskStore store, DeskPricing pricing, MarkSource marks, BarHistory bars) {
        this.store = store;
        this.pricing = pricing;
        this.marks = marks;
        this.bars = bars;
    }

    /**
     * One priced sub-account, with what the alert monitor needs and how it was priced; {@code collateral}: a
     * shared-collateral account's pool as priced (its report's totals in USD, its cross positions on the pool), else null.
     */
    record Priced(DeskStore.SubAccountRow sub, List<DeskStore.PositionRow> rows, AccountReport report, String error, DeskPricing.Context pricing,
                  List<io.perpguard.app.PooledAccount.CollateralLine> collateral) {
        Priced(DeskStore.SubAccountRow sub, List<DeskStore.PositionRow> rows, AccountReport report, String error, DeskPricing.Context pricing) {
            this(sub, rows, report, error, pricing, null);
        }
    }

    /** Builds the core account of a sub-account at the given marks (stored marks for symbols the feed lacks). */
    static Account account(DeskStore.SubAccountRow sub, List<DeskStore.PositionRow> rows, Map<String, Double> marks) {
        List<Position> ps = new ArrayList<>();
        for (DeskStore.PositionRow r : rows) {
            Double m = marks.get(r.symbol());
            ps.add(r.toPosition(m == null ? Double.NaN : m));
        }
        // a COIN-M sub-account names its venue (the portfolio values its coin wallet in USD); USDⓈ-M as before
        io.perpguard.venue.Exchange ex = sub.venue();
        return new Account(sub.walletBalance().doubleValue(), ps, sub.onDeskVenue() ? null : ex);
    }

    List<Priced> price(Map<String, Double> marks) {
        List<DeskStore.PositionRow> all = store.positions(null);
        List<Priced> out = new ArrayList<>();
        Map<Long, List<io.perpguard.margin.CollateralAsset>> pools = store.collateral();
        Map<Long, Map<String, Double>> indexMarks = pools.isEmpty() ? Map.of() : store.collateralMarks();
        for (DeskStore.SubAccountRow sub : store.subAccounts(null)) {
            List<DeskStore.PositionRow> rows = all.stream().filter(p -> p.subAccountId() == sub.id()).toList();
            DeskPricing.Context ctx = pricing.of(sub, marks);
            List<io.perpguard.margin.CollateralAsset> pool = pools.get(sub.id());
            if (pool != null) {
                // a shared-collateral account (a Multi-Assets / UTA 2.0 mirror): on its pool, as the watcher prices it — each
                // contract in its margin asset, an asset in a contract's own coin moved with its mark since the snapshot
                try {
                    List<Position> ps = rows.stream().map(r -> r.toPosition(ctx.marks().getOrDefault(r.symbol(), Double.NaN))).toList();
                    io.perpguard.app.PooledAccount.Result r = io.perpguard.app.PooledAccount.price(ps, pool,
                            indexMarks.getOrDefault(sub.id(), Map.of()), null, ctx.poolInstruments());
                    out.add(new Priced(sub, rows, r.report(), null, ctx, r.collateral()));
                } catch (IllegalArgumentException e) {
                    out.add(new Priced(sub, rows, null, e.getMessage(), ctx));
                }
                continue;
            }
            try {
                out.add(new Priced(sub, rows, MarginCalculator.evaluate(account(sub, rows, ctx.marks()), ctx.instruments()), null, ctx));
            } catch (IllegalArgumentException e) {
                out.add(new Priced(sub, rows, null, e.getMessage(), ctx));
            }
        }
        return out;
    }

    /**
     * The JSON of {@code GET /api/desk} and of the stream's {@code tick} event; {@code databaseId}: the database's
     * identity (the page keeps which alerts it has read per database).
     */
    record Snapshot(long timeMs, String time, Map<String, Double> marks, Object replay, String source,
                    Map<String, Double> fundingRates, Map<String, Double> atr, List<SubAccountView> subAccounts, String databaseId) {
    }

    /**
     * One sub-account priced: its row, its last closed positions, then (unless {@code error}) the {@code calc --account}
     * figures with each position's desk extras and the gauge's worst ratio. {@code markSource}, {@code stale} and
     * {@code staleReason} are the account's own (one stale live account greys out its own gauge only).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubAccountView(long id, long accountId, String name, BigDecimal walletBalance, List<DeskStore.ClosedRow> closed,
                          String markSource, Boolean stale, String staleReason, String error,
                          String exchange, String currency, List<PositionView> positions, @JsonSerialize(using = Json.Money.class) Double crossWalletBalance,
                          @JsonSerialize(using = Json.Money.class) Double marginBalance, @JsonSerialize(using = Json.Money.class) Double maintenanceMargin,
                          Double marginRatio, Double marginLevel, @JsonSerialize(using = Json.Money.class) Double unrealizedPnl,
                          Boolean hasCross, Double worstRatio, String worstSubject, @JsonSerialize(using = Json.Money.class) Double equity, Double nearestLiquidationPct,
                          Double nearestLiquidationAtr, String nearestLiquidationSymbol, List<io.perpguard.app.PooledAccount.CollateralLine> collateral) {
    }

    /**
     * A position's {@code calc} report with its desk id, the symbol's ATR, the distance in ATRs and where its mark came
     * from; its funding: the rate of the next payment (fraction per interval), its time and the payment due then at
     * the current mark and rate, in the position's settlement currency (positive: the position pays, as {@code funding}
     * and {@code watch} sign it). {@code fundingSource} says where the rate comes from: {@code venue} (a live account's
     * venue gives it now), {@code recorded} (a hand-entered or replayed position: the desk's last recorded rate of the
     * symbol, settled at {@code fundingRecordedMs}, taken as the next payment's; on a live desk the rate of the next
     * payment a watched Binance USDⓈ-M account's venue last gave, read at {@code fundingRecordedMs}) or {@code none} (the desk has no funding
     * for the symbol: nothing else is shown).
     */
    @JsonPropertyOrder({"id", "report", "atr", "distanceToLiquidationAtr", "markSource", "fundingSource", "fundingRate", "fundingRecordedMs",
            "fundingRecordedTime", "nextFundingMs", "nextFundingTime", "fundingDue"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PositionView(long id, @JsonUnwrapped PositionReport report, double atr, double distanceToLiquidationAtr, String markSource,
                        String fundingSource, Double fundingRate, Long fundingRecordedMs, String fundingRecordedTime,
                        Long nextFundingMs, String nextFundingTime, @JsonSerialize(using = Json.Money.class) Double fundingDue) {
        static final String VENUE = "venue", RECORDED = "recorded", NONE = "none";

        /** A position without funding shown (a mirrored position its venue gives none for). */
        PositionView(long id, PositionReport report, double atr, double distanceToLiquidationAtr, String markSource) {
            this(id, report, atr, distanceToLiquidationAtr, markSource, null, null, null, null, null, null, null);
        }

        /** With its venue's funding, where the context has it for the symbol. */
        static PositionView of(long id, PositionReport r, double atr, double distanceAtr, String markSource, DeskPricing.Funding f) {
            if (f == null) {
                return new PositionView(id, r, atr, distanceAtr, markSource);
            }
            return with(id, r, atr, distanceAtr, markSource, VENUE, f.fundingRate(), null, f.nextFundingMs());
        }

        /** A hand-entered or replayed position: the desk's recorded funding of its symbol, or {@code none}. */
        static PositionView recorded(long id, PositionReport r, double atr, double distanceAtr, String markSource, MarkSource.RecordedFunding f) {
            if (f == null || !Double.isFinite(f.fundingRate())) {
                return new PositionView(id, r, atr, distanceAtr, markSource, NONE, null, null, null, null, null, null);
            }
            return with(id, r, atr, distanceAtr, markSource, RECORDED, f.fundingRate(), f.recordedMs(), f.nextFundingMs());
        }

        private static PositionView with(long id, PositionReport r, double atr, double distanceAtr, String markSource, String source, double rate,
                                         Long recordedMs, long nextMs) {
            double due = io.perpguard.funding.FundingCarry.payment(r.side(), r.notional(), rate);
            return new PositionView(id, r, atr, distanceAtr, markSource, source, rate, recordedMs,
                    recordedMs == null ? null : Instant.ofEpochMilli(recordedMs).toString(), nextMs > 0 ? nextMs : null,
                    nextMs > 0 ? Instant.ofEpochMilli(nextMs).toString() : null, Double.isFinite(due) ? due : null);
        }
    }

    Snapshot snapshot(List<Priced> priced, long timeMs, Map<String, Double> marks) {
        Map<String, Double> atr = new LinkedHashMap<>();
        for (String s : bars.symbols()) {
            MarketContext ctx = bars.recent(s, CheckUseCase.BARS_USED);
            atr.put(s, ctx.lastAtr(PreTradeCheck.ATR_PERIOD));
        }
        List<SubAccountView> subs = new ArrayList<>(priced.size());
        for (Priced p : priced) {
            DeskStore.SubAccountRow sub = p.sub();
            List<DeskStore.ClosedRow> closed = store.closedPositions(sub.id(), 20);
            AccountReport r = p.report();
            DeskPricing.Context src = p.pricing();
            if (r == null) {
                subs.add(new SubAccountView(sub.id(), sub.accountId(), sub.name(), sub.walletBalance(), closed, src.markSource(), src.stale(),
                        src.staleReason(), p.error(), bareMirror(sub, src) ? null : sub.exchange(), bareMirror(sub, src) ? null : currencyOf(sub, null),
                        List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, null));
                continue;
            }
            List<PositionView> positions = new ArrayList<>(p.rows().size());
            for (int i = 0; i < p.rows().size(); i++) {
                PositionReport pr = r.positions().get(i);
                double a = atrOf(atr, pr.symbol());
                double distanceAtr = Math.abs(pr.liquidationPriceExact() - pr.markPrice()) / a;
                String markSource = src.marks().containsKey(pr.symbol()) ? src.markSource() : "stored";
                positions.add(mirrored(src) ? PositionView.of(p.rows().get(i).id(), pr, a, distanceAtr, markSource, src.funding().get(pr.symbol()))
                        : PositionView.recorded(p.rows().get(i).id(), pr, a, distanceAtr, markSource, recordedFunding(sub, pr.symbol())));
            }
            CalcUseCase.AccountResult calc = CalcUseCase.AccountResult.of(r);
            // the gauge and every summary: the worst of the cross ratio and each isolated position's (null: margin gone)
            Worst w = worst(r, atr);
            subs.add(new SubAccountView(sub.id(), sub.accountId(), sub.name(), sub.walletBalance(), closed, src.markSource(), src.stale(),
                    src.staleReason(), null, calc.exchange() != null || bareMirror(sub, src) ? calc.exchange() : sub.exchange(),
                    p.collateral() != null ? "USD" : bareMirror(sub, src) ? calc.currency() : currencyOf(sub, calc.currency()), positions, r.crossWalletBalance(), r.marginBalance(), r.maintenanceMargin(), r.marginRatio(),
                    r.marginLevel(), r.unrealizedPnl(), r.positions().stream().anyMatch(x -> x.marginMode() == MarginMode.CROSS),
                    w.ratio(), w.subject(), r.walletBalance() + r.unrealizedPnl(), w.nearestPct(), w.nearestAtr(), w.nearestSymbol(), p.collateral()));
        }
        return new Snapshot(timeMs, Instant.ofEpochMilli(timeMs).toString(), marks, this.marks.status(), this.marks.kind(),
                this.marks.fundingRates(), atr, subs, store.databaseId());
    }

    /**
     * The desk's recorded funding of a hand-entered position's symbol: only on the venue the record is of (the replay's
     * Binance USDⓈ-M rates; a COIN-M contract's funding is its own, not its asset's USDⓈ-M rate).
     */
    private MarkSource.RecordedFunding recordedFunding(DeskStore.SubAccountRow sub, String symbol) {
        return sub.onDeskVenue() ? marks.recordedFunding(symbol) : null;
    }

    /** A symbol's hourly ATR; a COIN-M contract's is its asset's USDⓈ-M one (BTCUSDT's for BTCUSD_PERP), as its mark is. */
    static double atrOf(Map<String, Double> atr, String symbol) {
        Double a = atr.get(symbol);
        if (a == null) {
            a = atr.get(io.perpguard.app.SymbolMatch.asset(symbol) + "USDT");
        }
        return a == null ? Double.NaN : a;
    }

    /** A live account mirrored by serve --live: its venue is the watcher's, not the stored column's. */
    private static boolean mirrored(DeskPricing.Context src) {
        return src.markSource() != null && src.markSource().startsWith("live:");
    }

    /**
     * A mirrored one-wallet account: its venue and currency are its positions' (none without a position). A mirrored
     * COIN-M coin wallet stores its coin, so it says BTC and binance-coinm even while it holds no position.
     */
    private static boolean bareMirror(DeskStore.SubAccountRow sub, DeskPricing.Context src) {
        return mirrored(src) && sub.currency() == null;
    }

    /**
     * The currency of a sub-account's amounts: its positions' settlement currency, else its stored coin (a COIN-M wallet,
     * V8), else USDT on USDⓈ-M; null for a COIN-M sub-account that never held a position.
     */
    static String currencyOf(DeskStore.SubAccountRow sub, String priced) {
        if (priced != null) {
            return priced;
        }
        if (sub.currency() != null) {
            return sub.currency();   // a COIN-M wallet's stored coin (V8): known without a position
        }
        return sub.onDeskVenue() ? "USDT" : null;
    }

    /** The worst margin ratio of a sub-account and its position nearest to liquidation. */
    record Worst(double ratio, String subject, double nearestPct, double nearestAtr, String nearestSymbol) {
    }

    static Worst worst(AccountReport r, Map<String, Double> atr) {
        double ratio = 0;
        String subject = "none";
        if (r.positions().stream().anyMatch(x -> x.marginMode() == MarginMode.CROSS)) {
            ratio = r.marginRatio();
            subject = "cross";
        }
        double nearest = Double.NaN, nearestAtr = Double.NaN;
        String sym = null;
        for (PositionReport p : r.positions()) {
            if (p.marginMode() == MarginMode.ISOLATED && !(p.marginRatio() <= ratio)) {
                ratio = p.marginRatio();
                subject = p.symbol() + " " + p.side().label() + " isolated";
            }
            double d = Math.abs(p.distanceToLiquidationPct());
            if (Double.isFinite(d) && !(d >= nearest)) {
                nearest = d;
                nearestAtr = Math.abs(p.liquidationPriceExact() - p.markPrice()) / atrOf(atr, p.symbol());
                sym = p.symbol();
            }
        }
        return new Worst(ratio, subject, nearest, nearestAtr, sym);
    }

    /**
     * A desk account as a portfolio, each sub-account at the marks of its own pricing context (a live account at its
     * venue's marks); {@code venues} receives each sub-account's instruments by name (its venue's, for {@link io.perpguard.portfolio.Venues}).
     */
    static Portfolio portfolio(DeskStore store, long accountId, DeskPricing pricing, Map<String, Double> marks,
                               Map<String, io.perpguard.instrument.Instruments> venues, List<String> notes) {
        store.account(accountId);
        List<DeskStore.PositionRow> all = store.positions(null);
        Map<Long, List<io.perpguard.margin.CollateralAsset>> pools = store.collateral();
        Map<Long, Map<String, Double>> indexMarks = pools.isEmpty() ? Map.of() : store.collateralMarks();
        List<SubAccount> subs = new ArrayList<>();
        Map<String, double[]> coins = new LinkedHashMap<>();   // coin → {amount, price}: coin wallets that hold no position
        for (DeskStore.SubAccountRow sub : store.subAccounts(accountId)) {
            DeskPricing.Context ctx = pricing.of(sub, marks);
            Account a = account(sub, all.stream().filter(p -> p.subAccountId() == sub.id()).toList(), ctx.marks());
            List<io.perpguard.margin.CollateralAsset> pool = pools.get(sub.id());
            if (pool == null && a.positions().isEmpty() && a.exchange() != null && !a.exchange().lists(io.perpguard.venue.ContractType.LINEAR)
                    && a.walletBalance() > 0) {
                // a coin wallet with no position (its BTCUSD_PERP closed) is that coin held: the analysis refused the whole
                // account ("its wallet's coin is unknown: leave it out"), though the desk keeps the coin (V8)
                addCoinWallet(coins, sub, ctx, a.walletBalance(), notes);
                continue;
            }
            if (pool == null) {
                subs.add(new SubAccount(sub.name(), a));
                venues.put(sub.name(), ctx.instruments());
            } else {
                // a shared-collateral account on its pool, as the desk prices it (price above) and portfolio --account a file stating it
                subs.add(io.perpguard.app.PooledAccount.subAccount(sub.name(), a.positions(), pool, indexMarks.getOrDefault(sub.id(), Map.of()),
                        a.exchange(), ctx.poolInstruments()));
                venues.put(sub.name(), ctx.poolInstruments());
            }
        }
        List<io.perpguard.portfolio.SpotHolding> spot = new ArrayList<>();
        coins.forEach((coin, v) -> spot.add(new io.perpguard.portfolio.SpotHolding(coin, v[0], v[1])));
        return new Portfolio(subs, spot);
    }

    /**
     * A coin wallet that holds no position, as the coin held (a spot holding: margin for nothing now), at the mark of a
     * contract of its venue settled in that coin; said in {@code notes}. Refused, naming the account, when its coin is
     * unknown (a COIN-M sub-account that never held a position) or has no mark.
     */
    private static void addCoinWallet(Map<String, double[]> coins, DeskStore.SubAccountRow sub, DeskPricing.Context ctx, double amount,
                                      List<String> notes) {
        String coin = sub.currency();
        String venue = sub.venue().displayName();
        if (coin == null) {
            throw new io.perpguard.InvalidInputException("accountId", "sub-account '" + sub.name() + "' is on " + venue + " and has held no "
                    + "position, so the coin of its wallet " + io.perpguard.Checks.fmt(amount) + " is unknown: give its coin (PUT /api/subaccounts/"
                    + sub.id() + " {currency}: " + String.join(", ", AccountRoutes.walletCoins(sub.venue())) + "), add its first position (its "
                    + "coin is kept from then on), or set its walletBalance to 0");
        }
        for (Map.Entry<String, Double> e : ctx.marks().entrySet()) {
            io.perpguard.instrument.Contract c = io.perpguard.data.instrument.VenueInstruments.contract(sub.venue(), e.getKey());
            if (c != null && coin.equals(c.settlementCurrency()) && e.getValue() != null && e.getValue() > 0) {
                coins.merge(coin, new double[]{amount, e.getValue()}, (x, y) -> new double[]{x[0] + y[0], x[1]});
                notes.add("sub-account '" + sub.name() + "' (" + venue + ") holds no position: its wallet of " + io.perpguard.Checks.fmt(amount)
                        + " " + coin + " counts as " + coin + " held, at " + e.getKey() + "'s mark " + io.perpguard.Checks.fmt(e.getValue()));
                return;
            }
        }
        throw new io.perpguard.InvalidInputException("accountId", "sub-account '" + sub.name() + "' holds " + io.perpguard.Checks.fmt(amount)
                + " " + coin + " and no position, and the desk has no mark of a " + venue + " contract in " + coin + " to value it");
    }
}
