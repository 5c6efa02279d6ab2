package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PoolReport;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import io.perpguard.venue.MarginConvention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A shared-collateral account (Binance USDⓈ-M Multi-Assets mode, Bybit UTA 2.0 cross) priced on its pool by core's
 * {@link CollateralPool}: {@code calc --account} and {@code check --account} with a {@code collateral} list, and the live
 * desk's mirror of a pooled account. Each position keeps its own report (in its settlement currency); a cross position's
 * liquidation price, distance and margin ratio are the pool's, and the account's totals are in USD.
 */
public final class PooledAccount {
    /** The account's own wallet: what {@code walletBalance} holds, at par, beside the stated collateral. */
    public static final String WALLET_ASSET = "USDT";
    /**
     * Assets perpguard takes as stated collateral beside the base assets of the venue's contracts it knows: the dollar
     * stablecoins and the majors the two venues list as margin assets (Binance "Multi-Assets Mode" asset list, Bybit's
     * collateral coins). A code outside both is refused as unknown: a misspelt asset is not silently priced.
     */
    static final Set<String> KNOWN = known();

    private static Set<String> known() {
        Set<String> out = new java.util.HashSet<>(CollateralAsset.DOLLARS);
        out.removeAll(Set.of("USDT", "BUSD", "USD"));   // the wallet itself; BUSD and USD are no venue's collateral
        out.addAll(Set.of("BTC", "ETH", "BNB", "SOL", "XRP"));
        return Set.copyOf(out);
    }

    private PooledAccount() {
    }

    /** The assets known with one instruments snapshot (held weakly: a replaced snapshot is not kept alive). */
    private record Known(java.lang.ref.WeakReference<Instruments> instruments, Set<String> assets) {
    }

    /** The last few snapshots' known assets, newest first: a stream task prices each venue's pools with its own snapshot. */
    private static volatile Known[] knownCache = new Known[0];

    /**
     * {@link #KNOWN} and the base asset of every contract in {@code instruments}, sorted (the refusal lists them): built once
     * per instruments snapshot — each symbol's asset is two regular expressions, and a stream prices a pooled account's
     * pool with the same snapshot at every record.
     */
    static Set<String> knownAssets(Instruments instruments) {
        Known[] cache = knownCache;
        for (Known k : cache) {
            if (k.instruments().get() == instruments) {
                return k.assets();
            }
        }
        Set<String> known = new TreeSet<>(KNOWN);
        instruments.bySymbol().keySet().forEach(s -> known.add(SymbolMatch.asset(s)));
        Set<String> out = java.util.Collections.unmodifiableSet(known);
        Known[] next = new Known[Math.min(8, cache.length + 1)];
        next[0] = new Known(new java.lang.ref.WeakReference<>(instruments), out);
        System.arraycopy(cache, 0, next, 1, next.length - 1);
        knownCache = next;
        return out;
    }

    /**
     * One asset of the pool as shown.
     *
     * @param collateralRatio the share of its value the venue counts where its wallet stands (1 − haircut)
     * @param valueUsd        what its equity counts for in the margin balance, USD
     */
    public record CollateralLine(String asset, double amount, double indexPrice, double collateralRatio, double valueUsd) {
    }

    /**
     * The account priced on its pool; serialises as {@code calc --account --json} does, the totals in USD, then
     * {@code collateral}.
     */
    @JsonPropertyOrder({"exchange", "currency", "report", "collateral"})
    public record Result(@JsonInclude(JsonInclude.Include.NON_NULL) String exchange, String currency,
                         @JsonUnwrapped AccountReport report, List<CollateralLine> collateral) {
        public Result {
            collateral = List.copyOf(collateral);
        }
    }

    /** Whether {@code ex} lets several assets back one cross margin (its linear convention's, or its inverse one's). */
    public static boolean sharesCollateral(Exchange ex) {
        return MarginConvention.of(ex, ex.lists(ContractType.LINEAR) ? ContractType.LINEAR : ContractType.INVERSE).sharesCollateral();
    }

    /**
     * The pool of a file's account: its wallet ({@value #WALLET_ASSET}, at par) and each stated asset valued by the venue's
     * rule at the stated ratio. Refused, naming the field: collateral on a venue that shares none, an unknown asset, the
     * wallet's own asset listed again.
     */
    public static List<CollateralAsset> assets(Exchange ex, double wallet, List<AccountFile.Collateral> stated, Instruments instruments) {
        return assets(ex, wallet, stated, instruments, "collateral");
    }

    /**
     * {@link #assets(Exchange, double, List, Instruments)} with each field named under {@code prefix} (a portfolio's
     * {@code subAccounts[0].collateral}): the same refusals, the same words.
     */
    public static List<CollateralAsset> assets(Exchange ex, double wallet, List<AccountFile.Collateral> stated, Instruments instruments,
                                               String prefix) {
        Exchange venue = ex == null ? Exchange.BINANCE : ex;
        if (!stated.isEmpty() && !sharesCollateral(venue)) {
            throw new InvalidInputException(prefix, venue.displayName() + " does not let several assets back one cross margin; "
                    + "collateral is priced on binance (USDⓈ-M Multi-Assets mode), bybit-uta (UTA 2.0 cross) and okx (multi-currency margin)"
                    + (venue == Exchange.BYBIT ? ": a unified account is --exchange bybit-uta" : ""));
        }
        Set<String> known = knownAssets(instruments);
        List<CollateralAsset> out = new ArrayList<>();
        out.add(CollateralAsset.atPar(WALLET_ASSET, wallet));
        for (int i = 0; i < stated.size(); i++) {
            AccountFile.Collateral c = stated.get(i);
            String p = prefix + "[" + i + "]";
            if (c.asset().equals(WALLET_ASSET)) {
                throw new InvalidInputException(p + ".asset", WALLET_ASSET + " is the account's wallet: give it as walletBalance, list the other assets here");
            }
            if (!known.contains(c.asset())) {
                throw new InvalidInputException(p + ".asset", "'" + c.asset() + "' is not a collateral asset perpguard knows on " + venue.displayName()
                        + "; known: " + String.join(", ", known));
            }
            out.add(new CollateralAsset(c.asset(), c.amount(), c.indexPrice(), rule(venue, c.collateralRatio())));
        }
        return out;
    }

    /**
     * A portfolio's sub-account on a pool as the desk stores a mirrored Multi-Assets / UTA 2.0 account: each asset in a
     * contract's own coin moved with that contract's mark since its index was read ({@code indexMarks}, as
     * {@link #price(List, List, Map, Exchange, Instruments)} prices the desk's view of it), its {@value #WALLET_ASSET}
     * first as the sub-account's wallet (none held: 0 at par) — what {@code portfolio --account} builds from a file that
     * states the same assets.
     */
    public static io.perpguard.portfolio.SubAccount subAccount(String name, List<Position> positions, List<CollateralAsset> pool,
                                                               Map<String, Double> indexMarks, Exchange ex, Instruments instruments) {
        List<CollateralAsset> moved = new ArrayList<>(new CollateralPool(pool, positions, ex).withIndexesMovedSince(instruments, indexMarks).assets());
        int w = new CollateralPool(moved, positions, ex).indexOf(WALLET_ASSET);
        CollateralAsset wallet = w < 0 ? CollateralAsset.atPar(WALLET_ASSET, 0) : moved.remove(w);
        moved.add(0, wallet);
        return new io.perpguard.portfolio.SubAccount(name, new Account(wallet.amount(), positions, ex), moved);
    }

    /** The portfolio file's pricer of a sub-account's collateral: {@link #assets}, each venue's contracts from {@code instruments}. */
    public static io.perpguard.data.account.PortfolioFile.Pooler pooler(java.util.function.Function<Exchange, Instruments> instruments) {
        return (ex, wallet, stated, prefix) -> assets(ex, wallet, stated, instruments.apply(ex), prefix);
    }

    /**
     * The venue's rule for one stated ratio: Binance's bid-rate haircut (owed at the index), OKX's discount rate (on the
     * equity, owed in full), Bybit's collateral value ratio.
     */
    static CollateralRule rule(Exchange venue, double ratio) {
        AccountFile.collateralRatio("collateralRatio", ratio);
        return venue == Exchange.BINANCE ? CollateralRule.binanceMultiAssets(1 - ratio, 0)
                : venue == Exchange.OKX ? CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{ratio})
                : CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{ratio});
    }

    /**
     * The account a pre-trade check measures the trade against ({@code check --account}, the desk's {@code POST /api/check}):
     * the file's, its wallet raised by what the stated collateral counts for in USD (amount × index × collateral ratio), so
     * the exposure rule's equity is the pool's; refused as {@link #assets} refuses. No collateral: the file's account.
     */
    public static Account forCheck(AccountFile.Pooled file, Instruments instruments) {
        Account a = file.account();
        if (file.collateral().isEmpty()) {
            return a;
        }
        List<CollateralAsset> pool = assets(a.exchange(), a.walletBalance(), file.collateral(), instruments);
        double wallet = a.walletBalance();
        for (CollateralAsset c : pool.subList(1, pool.size())) {
            wallet += c.rule().value(c.amount(), c.indexPrice());
        }
        return new Account(wallet, a.positions(), a.exchange());
    }

    /** A file's account priced on its stated pool ({@code calc --account} with {@code collateral}). */
    public static Result price(AccountFile.Pooled file, Instruments instruments) {
        Account a = file.account();
        for (int i = 0; i < a.positions().size(); i++) {
            CalcUseCase.requireWithinTiers("positions[" + i + "]", a.positions().get(i), instruments);
        }
        return price(a.positions(), assets(a.exchange(), a.walletBalance(), file.collateral(), instruments), a.exchange(), instruments);
    }

    /**
     * Positions on a pool of {@code assets}: each position's report from its settlement asset's wallet (its own figures:
     * notional, margin, PnL in its currency), a cross position's liquidation price, distance and margin ratio replaced by
     * the pool's; the account's totals in USD — wallets at their index, the margin balance and maintenance margin as
     * the venue counts them ({@link PoolReport}).
     */
    public static Result price(List<Position> positions, List<CollateralAsset> assets, Exchange ex, Instruments instruments) {
        return price(new CollateralPool(assets, positions, ex), instruments);
    }

    /**
     * As {@link #price(List, List, Exchange, Instruments)}, the indexes read when each contract's mark was
     * {@code indexMarks}' (a watcher's snapshot): an asset in a contract's own coin (BTC beside a BTCUSDT long) is priced
     * moved with that contract's mark since, {@link CollateralPool#withIndexesMovedSince} — the live desk's pool at every
     * mark, as the watcher prices it. Empty {@code indexMarks}: every index held.
     */
    public static Result price(List<Position> positions, List<CollateralAsset> assets, Map<String, Double> indexMarks, Exchange ex,
                               Instruments instruments) {
        return price(new CollateralPool(assets, positions, ex).withIndexesMovedSince(instruments, indexMarks), instruments);
    }

    private static Result price(CollateralPool pool, Instruments instruments) {
        List<Position> positions = pool.positions();
        List<CollateralAsset> assets = pool.assets();
        Exchange ex = pool.exchange();
        PoolReport pr = pool.evaluate(instruments);
        Map<String, PoolReport.Liquidation> liq = new LinkedHashMap<>();
        pr.liquidations().forEach(l -> liq.put(l.symbol(), l));
        Map<String, List<Integer>> byAsset = new LinkedHashMap<>();
        for (int i = 0; i < positions.size(); i++) {
            byAsset.computeIfAbsent(instruments.get(positions.get(i).symbol()).contract().settlementCurrency(), k -> new ArrayList<>()).add(i);
        }
        PositionReport[] reports = new PositionReport[positions.size()];
        double walletUsd = 0, crossWalletUsd = 0, pnlUsd = 0;
        for (CollateralAsset c : assets) {
            walletUsd += c.amount() * c.indexPrice();
            crossWalletUsd += c.amount() * c.indexPrice();
        }
        for (Map.Entry<String, List<Integer>> g : byAsset.entrySet()) {
            CollateralAsset c = assets.get(pool.indexOf(g.getKey()));
            List<Position> group = g.getValue().stream().map(positions::get).toList();
            double isolated = 0;
            for (Position p : group) {
                if (p.marginMode() == MarginMode.ISOLATED) {
                    isolated += p.isolatedMargin();
                }
            }
            crossWalletUsd -= isolated * c.indexPrice();
            AccountReport r = MarginCalculator.evaluate(new Account(Math.max(Math.max(c.amount(), 0), isolated), group, ex), instruments);
            for (int k = 0; k < group.size(); k++) {
                PositionReport pos = r.positions().get(k);
                pnlUsd += pos.unrealizedPnl() * c.indexPrice();
                reports[g.getValue().get(k)] = pos.marginMode() == MarginMode.CROSS ? onPool(pos, liq.get(pos.symbol()), pr.marginRatio()) : pos;
            }
        }
        double ratio = pr.marginRatio();
        AccountReport report = new AccountReport(List.of(reports), walletUsd, crossWalletUsd, pr.marginBalanceUsd(), pr.maintenanceMarginUsd(),
                positions.stream().anyMatch(p -> p.marginMode() == MarginMode.CROSS) ? ratio : Double.NaN,
                pr.maintenanceMarginUsd() > 0 ? pr.marginBalanceUsd() / pr.maintenanceMarginUsd() : Double.POSITIVE_INFINITY, pnlUsd);
        List<CollateralLine> lines = new ArrayList<>();
        for (int a = 0; a < assets.size(); a++) {
            CollateralAsset c = assets.get(a);
            PoolReport.AssetLine l = pr.assets().get(a);
            CollateralRule rule = c.rule();
            lines.add(new CollateralLine(c.asset(), c.amount(), c.indexPrice(), rule.slope(Math.max(1, rule.piece(c.amount()))), l.valueUsd()));
        }
        return new Result(ex == null ? null : ex.id(), "USD", report, lines);
    }

    /**
     * A cross position's report on the pool: its liquidation price, distance and margin ratio the account's; what its
     * single wallet would have given at liquidation (bankruptcy price, fees and loss there) is not priced on a pool, nor
     * a level on the gain side ({@code gainSideLiquidationPrice} none).
     */
    static PositionReport onPool(PositionReport r, PoolReport.Liquidation l, double ratio) {
        double lp = l == null ? Double.NaN : l.liquidationPrice();
        double exact = l == null ? Double.NaN : l.liquidationPriceExact();
        double dist = l == null ? Double.NaN : l.distanceToLiquidationPct();
        return new PositionReport(r.symbol(), r.side(), r.marginMode(), r.positionSide(), r.qty(), r.entryPrice(), r.markPrice(), r.leverage(),
                r.notional(), r.entryNotional(), r.initialMargin(), r.positionMargin(), r.maintenanceMargin(), r.maintenanceMarginRate(),
                r.maintenanceAmount(), r.tier(), r.maxLeverage(), lp, exact, r.liquidationTier(), Double.NaN, dist, r.unrealizedPnl(), r.roe(),
                r.marginBalance(), ratio, ratio > 0 ? 1 / ratio : Double.POSITIVE_INFINITY, r.openingFee(), Double.NaN, Double.NaN, Double.NaN,
                r.convention(), r.exchange(), r.contractType(), r.currency(), r.contracts(), ratio, r.estimates(), Double.NaN, 0);
    }
}
