package io.perpguard.margin;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import io.perpguard.venue.Legs;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.MarginConvention.Solution;
import io.perpguard.venue.MarginConvention.Terms;
import io.perpguard.venue.TierTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A shared-collateral account (Binance USDⓈ-M Multi-Assets mode, Bybit's unified cross margin): several assets back
 * every cross position. Each asset's equity — its wallet, less the margin of isolated positions settled in it, plus the
 * PnL of cross positions settled in it — is valued in USD by its venue's {@link CollateralRule}; the maintenance margin
 * of each position (its venue's convention, in its settlement asset) counts in USD at that asset's liability rate.
 * <pre>
 *   marginBalance = Σ_a value_a(equity_a)          maintenanceMargin = Σ_a owed_a(Σ MM of positions settled in a)
 *   marginRatio   = maintenanceMargin / marginBalance, every cross position liquidated at 100 %
 * </pre>
 * With one asset at par ({@link CollateralAsset#atPar}) every figure is the single cross wallet's, bit for bit.
 *
 * @param assets    the assets of the futures wallet (one each), every position's settlement asset among them
 * @param positions the open positions (cross ones share the pool; isolated ones keep their margin)
 * @param exchange  the venue; null when not stated
 */
public record CollateralPool(List<CollateralAsset> assets, List<Position> positions, Exchange exchange) {
    /** Relative slack of a piece's bounds when checking that a solved price stays on the piece it was solved on. */
    private static final double SLACK = 1e-9;

    public CollateralPool {
        assets = List.copyOf(Checks.notNull("assets", assets));
        positions = List.copyOf(Checks.notNull("positions", positions));
        if (assets.isEmpty()) {
            throw new InvalidInputException("assets", "the account holds no asset; give at least its settlement asset (USDT)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < assets.size(); i++) {
            if (!seen.add(assets.get(i).asset())) {
                throw new InvalidInputException("assets[" + i + "].asset", assets.get(i).asset() + " is listed twice; give each asset once");
            }
        }
        Set<String> legs = new HashSet<>();
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (!legs.add(p.symbol() + "/" + p.positionSide())) {
                throw new InvalidInputException("positions[" + i + "]", p.symbol() + " " + p.positionSide().label() + " is listed twice");
            }
        }
    }

    /** The asset named {@code code}, or -1. */
    public int indexOf(String code) {
        for (int i = 0; i < assets.size(); i++) {
            if (assets.get(i).asset().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    /** The same pool with {@code extra} added (an amount added to an asset already held). */
    public CollateralPool plus(CollateralAsset extra) {
        List<CollateralAsset> out = new ArrayList<>(assets);
        int i = indexOf(extra.asset());
        if (i < 0) {
            out.add(extra);
        } else {
            out.set(i, out.get(i).withAmount(out.get(i).amount() + extra.amount()));
        }
        return new CollateralPool(out, positions, exchange);
    }

    /**
     * The same pool with each asset in a contract's own coin (BTC beside a BTCUSDT position, or the BTC settling a BTCUSD
     * one) moved with that contract since its index was read: index × mark now / {@code marksThen} (the contract's mark
     * when the index was read). Assets no position follows, or whose contract has no mark then, are kept.
     */
    public CollateralPool withIndexesMovedSince(Instruments instruments, java.util.Map<String, Double> marksThen) {
        List<CollateralAsset> out = new ArrayList<>(assets);
        boolean[] moved = new boolean[assets.size()];
        for (Position p : positions) {
            Double then = marksThen.get(p.symbol());
            if (p.marginMode() != MarginMode.CROSS || then == null || !(then > 0) || !instruments.contains(p.symbol())) {
                continue;
            }
            int b = followingAsset(instruments.get(p.symbol()));
            if (b >= 0 && !moved[b] && p.markPrice() != then) {
                CollateralAsset c = assets.get(b);
                out.set(b, new CollateralAsset(c.asset(), c.amount(), c.indexPrice() * (p.markPrice() / then), c.rule()));
                moved[b] = true;
            }
        }
        return new CollateralPool(out, positions, exchange);
    }

    //-------------------------------------------------------------------------
    /** Per position: the pool asset it settles in. Refuses a position whose asset the pool lacks, or a venue that shares no collateral. */
    private int[] settleAssets(Instruments instruments) {
        return settleAssets(instruments, new int[positions.size()]);
    }

    /** {@link #settleAssets(Instruments)} into {@code out} (at least one entry per position). */
    private int[] settleAssets(Instruments instruments, int[] out) {
        boolean shared = assets.size() > 1 || !assets.get(0).rule().equals(CollateralRule.PAR) || assets.get(0).indexPrice() != 1;
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            Instrument inst = instruments.get(p.symbol());
            if (exchange != null && inst.contract().exchange() != exchange) {
                throw new InvalidInputException("positions[" + i + "].symbol", p.symbol() + " is priced with "
                        + inst.contract().exchange().displayName() + " rules but the account is on " + exchange.displayName()
                        + " (one exchange per account)");
            }
            if (shared && p.marginMode() == MarginMode.CROSS && !inst.convention().sharesCollateral()) {
                throw new InvalidInputException("assets", inst.contract().exchange().displayName() + " " + inst.contract().type().label()
                        + " contracts (" + p.symbol() + ") do not let several assets back one cross margin; price them with one wallet");
            }
            String code = inst.contract().settlementCurrency();
            out[i] = indexOf(code);
            if (out[i] < 0) {
                throw new InvalidInputException("positions[" + i + "].symbol", p.symbol() + " settles in " + code
                        + " but the account lists no " + code + " among its assets");
            }
        }
        return out;
    }

    /** The figures at given prices: per asset wallet (less isolated margin), cross PnL and MM, in the asset. */
    private double[][] sums(Instruments instruments, int[] settle, double[] prices) {
        int n = assets.size();
        double[] wallet = new double[n], upnl = new double[n], mm = new double[n];
        sums(instruments, settle, prices, wallet, upnl, mm, null, null);
        return new double[][]{wallet, upnl, mm};
    }

    /**
     * {@link #sums(Instruments, int[], double[])} into the given arrays (at least one entry per asset); {@code terms}: each
     * position's instrument's terms and {@code conv} its convention, read beforehand (null: read here).
     */
    private void sums(Instruments instruments, int[] settle, double[] prices, double[] wallet, double[] upnl, double[] mm,
                      MarginConvention[] conv, Terms[] terms) {
        int n = assets.size();
        for (int a = 0; a < n; a++) {
            wallet[a] = assets.get(a).amount();
            upnl[a] = 0;
            mm[a] = 0;
        }
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (p.marginMode() == MarginMode.ISOLATED) {
                wallet[settle[i]] -= p.isolatedMargin();
            }
        }
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (p.marginMode() != MarginMode.CROSS) {
                continue;
            }
            // summed position by position, in account order (as MarginCalculator.crossRequirementAt)
            mm[settle[i]] += terms == null ? MarginCalculator.maintenanceMargin(p, instruments.get(p.symbol()), prices[i])
                    : conv[i].maintenanceMargin(terms[i], p.qty(), p.entryPrice(), prices[i]);   // the same, the terms read once
            upnl[settle[i]] += p.unrealizedPnlAt(prices[i]);
        }
    }

    private double[] marks() {
        return marks(new double[positions.size()]);
    }

    private double[] marks(double[] m) {
        for (int i = 0; i < positions.size(); i++) {
            m[i] = positions.get(i).markPrice();
        }
        return m;
    }

    /** {maintenance margin USD, margin balance USD} with position i marked at prices[i]. */
    private double[] totals(Instruments instruments, int[] settle, double[] prices, double[][] perAsset) {
        return totals(instruments, settle, prices, perAsset, -1, 1);
    }

    /** {@link #totals} with asset {@code moved}'s index × {@code factor} (-1: every index held). */
    private double[] totals(Instruments instruments, int[] settle, double[] prices, double[][] perAsset, int moved, double factor) {
        int n = assets.size();
        double[] out = new double[2];
        totals(instruments, settle, prices, perAsset, moved, factor, null, new double[n], new double[n], new double[n], out, null, null);
        return out;
    }

    /**
     * {@link #totals} into {@code out} ({maintenance margin USD, margin balance USD}), the per-asset sums in the given arrays;
     * {@code indexes} (null: the assets' own) asset a's index in place of its own.
     */
    private void totals(Instruments instruments, int[] settle, double[] prices, double[][] perAsset, int moved, double factor,
                        double[] indexes, double[] wallet, double[] upnl, double[] mm, double[] out, MarginConvention[] conv, Terms[] terms) {
        sums(instruments, settle, prices, wallet, upnl, mm, conv, terms);
        double mmUsd = 0, balanceUsd = 0;
        for (int a = 0; a < assets.size(); a++) {
            CollateralAsset c = assets.get(a);
            double index = indexes != null ? indexes[a] : a == moved ? c.indexPrice() * factor : c.indexPrice();
            double equity = wallet[a] + upnl[a];
            double value = c.rule().value(wallet[a], upnl[a], index);
            double owed = c.rule().owed(mm[a], index);
            mmUsd += owed;
            balanceUsd += value;
            if (perAsset != null) {
                perAsset[a] = new double[]{wallet[a], upnl[a], equity, value, mm[a], owed};
            }
        }
        out[0] = mmUsd;
        out[1] = balanceUsd;
    }

    /**
     * Per asset: the index of the first cross position whose own coin it is (BTC beside BTCUSDT, or settling BTCUSD) —
     * the position its index moves with — or -1 when none.
     */
    public int[] followedBy(Instruments instruments) {
        int[] out = new int[assets.size()];
        java.util.Arrays.fill(out, -1);
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (p.marginMode() != MarginMode.CROSS) {
                continue;
            }
            int b = followingAsset(instruments.get(p.symbol()));
            if (b >= 0 && out[b] < 0) {
                out[b] = i;
            }
        }
        return out;
    }

    /**
     * The pool's figures in USD with position i marked at {@code prices[i]} and asset a's index × {@code indexFactors[a]}:
     * {maintenance margin, margin balance (as the venue counts it), wallets and cross PnL at the indexes without haircut
     * (Σ (amount + cross PnL) × index), wallets at the indexes (Σ amount × index)}.
     */
    public double[] totalsAt(Instruments instruments, double[] prices, double[] indexFactors) {
        int[] settle = settleAssets(instruments);
        double[][] s = sums(instruments, settle, prices);
        double mmUsd = 0, balanceUsd = 0, equityUsd = 0, walletUsd = 0;
        for (int a = 0; a < assets.size(); a++) {
            CollateralAsset c = assets.get(a);
            double index = c.indexPrice() * indexFactors[a];
            mmUsd += c.rule().owed(s[2][a], index);
            balanceUsd += c.rule().value(s[0][a], s[1][a], index);
            equityUsd += (c.amount() + s[1][a]) * index;
            walletUsd += c.amount() * index;
        }
        return new double[]{mmUsd, balanceUsd, equityUsd, walletUsd};
    }

    /** Account margin ratio = maintenance margin / margin balance, in USD, every position at its mark (+∞ once the balance is 0 or less). */
    public double marginRatio(Instruments instruments) {
        double[] t = totals(instruments, settleAssets(instruments), marks(), null);
        return MarginCalculator.marginRatio(t[0], t[1]);
    }

    /**
     * The account margin ratio with position i marked at {@code prices[i]} and asset a's index at {@code indexes[a]}: what
     * {@link #marginRatio} gives for this pool built with those marks and indexes, bit for bit (the same sums in the same
     * order), without building it (its refusals are this pool's) — the stream's ratio just before a tick, on the pool it
     * built at the tick.
     */
    public double marginRatioAt(Instruments instruments, double[] prices, double[] indexes) {
        int n = assets.size();
        double[] out = new double[2];
        totals(instruments, settleAssets(instruments), prices, null, -1, 1, indexes, new double[n], new double[n], new double[n], out, null, null);
        return MarginCalculator.marginRatio(out[0], out[1]);
    }

    /**
     * The account margin ratio if {@code symbol}'s mark were {@code price}, every other mark held; the asset in the
     * contract's own coin (BTC beside BTCUSDT, or settling BTCUSD) is repriced with it, its index × price / mark, every
     * other index held.
     */
    public double marginRatioAt(Instruments instruments, String symbol, double price) {
        double[] prices = marks();
        double mark = Double.NaN;
        for (int i = 0; i < prices.length; i++) {
            if (positions.get(i).symbol().equals(symbol)) {
                mark = prices[i];
                prices[i] = price;
            }
        }
        int[] settle = settleAssets(instruments);
        int b = Double.isNaN(mark) ? -1 : followingAsset(instruments.get(symbol));
        double[] t = totals(instruments, settle, prices, null, b, b >= 0 ? price / mark : 1);
        return MarginCalculator.marginRatio(t[0], t[1]);
    }

    /**
     * The pool asset whose index moves with {@code inst}'s price: the linear contract's own coin (BTC for BTCUSDT,
     * {@code BTC-USDT-SWAP}) when held and not its settlement asset, or the inverse contract's settlement coin (BTC for
     * BTCUSD, {@code BTC-USD-SWAP}) when held; -1 otherwise.
     */
    private int followingAsset(Instrument inst) {
        if (inst.contract().type() == ContractType.INVERSE) {
            return indexOf(inst.contract().settlementCurrency());
        }
        String coin = baseCoin(inst.contract());
        int b = indexOf(coin);
        return coin.equals(inst.contract().settlementCurrency()) ? -1 : b;
    }

    /** A contract's own coin from its symbol: {@code BTCUSDT}, {@code BTCUSDC}, {@code BTC-USDT-SWAP}, {@code BTCPERP} → BTC. */
    static String baseCoin(Contract c) {
        String s = c.symbol().toUpperCase(java.util.Locale.ROOT);
        int dash = s.indexOf('-');
        if (dash > 0) {
            return s.substring(0, dash);
        }
        s = s.replaceAll("_PERP$|PERP$", "");
        String settle = c.settlementCurrency().toUpperCase(java.util.Locale.ROOT);
        if (s.endsWith(settle) && s.length() > settle.length()) {
            return s.substring(0, s.length() - settle.length());
        }
        return s.endsWith("USD") && s.length() > 3 ? s.substring(0, s.length() - 3) : s;
    }

    /**
     * The price of {@code symbol} at which the account margin ratio reaches 100 %, every other mark and every asset's
     * index held where they are. Solved in closed form: the settlement asset's value is linear on each piece of its rule
     * (owed, each haircut tier), so on piece j with USD slope r, offset c and liability rate l
     * <pre>
     *   C + c + r·(W_q + U₁ + PnL_s(P)) = K + l·(TMM₁ + MM_s(P))
     *   ⇔  W_q + (C + c − K − l·TMM₁)/r + U₁ + PnL_s(P) = (l/r)·MM_s(P)
     * </pre>
     * (C: the other assets' value, K: what they owe; TMM₁, U₁: the other positions settled in q) — the venue's own cross
     * liquidation equation with that wallet and its tiers' maintenance scaled by l/r; the root whose equity stays on
     * piece j and lies nearest the mark is the answer. Collateral in a linear contract's own coin (BTC backing BTCUSDT)
     * is not held still: its index moves with the price, so its net value D (value less what it owes, at the mark) is
     * D·P/mark at P — linear in P, it adds (D / (r·mark))·P to the left side and the equation stays one line per piece.
     * An inverse contract's settlement coin (BTC settling BTCUSD) moves with the price too: every figure of q is
     * × P/mark at P (r, c and l alike), so dividing by r·P/mark leaves the other assets' net C − K as
     * (C − K)·mark/(r·P) — a term in 1/P, the inverse equation's own variable, again one line per piece.
     */
    public LiquidationResult liquidationPrice(Instruments instruments, String symbol) {
        int[] settle = settleAssets(instruments);
        List<Position> cross = positions.stream().filter(p -> p.marginMode() == MarginMode.CROSS).toList();
        int q = -1;
        double mark = Double.NaN;
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (p.symbol().equals(symbol) && p.marginMode() == MarginMode.CROSS) {
                q = settle[i];
                mark = p.markPrice();
            }
        }
        if (q < 0) {
            throw new InvalidInputException("symbol", symbol + " has no cross position in the account");
        }
        double[][] s = sums(instruments, settle, marks());
        // the other positions settled in q: their MM and PnL at mark, in position order (as LiquidationPrice.cross)
        double tmm1 = 0, upnl1 = 0;
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            if (p.marginMode() == MarginMode.CROSS && settle[i] == q && !p.symbol().equals(symbol)) {
                tmm1 += MarginCalculator.maintenanceMargin(p, instruments.get(p.symbol()), p.markPrice());
                upnl1 += p.unrealizedPnl();
            }
        }
        Instrument inst = instruments.get(symbol);
        // the asset in the contract's own coin moves with the price solved for: its net USD value d at the mark, d·P/mark at P;
        // an inverse contract's own coin is q itself (ownCoin): q's figures all move, the other assets' net stays in USD
        int b = followingAsset(inst);
        boolean ownCoin = b == q;
        b = ownCoin ? -1 : b;
        double c0 = 0, k0 = 0, d = 0;
        for (int a = 0; a < assets.size(); a++) {
            if (a != q) {
                CollateralAsset c = assets.get(a);
                double v = c.rule().value(s[0][a], s[1][a], c.indexPrice()), o = c.rule().owed(s[2][a], c.indexPrice());
                if (a == b) {
                    d = v - o;
                } else {
                    c0 += v;
                    k0 += o;
                }
            }
        }
        CollateralAsset asset = assets.get(q);
        CollateralRule rule = asset.rule();
        MarginConvention conv = inst.convention();
        Legs legs = LiquidationPrice.legs(cross, symbol);
        double wq = s[0][q];
        double l = rule.liabilityRatio() * asset.indexPrice();
        Solution best = Solution.NEVER;
        // haircut on the wallet alone (Bybit): one line, the wallet's value fixed and the PnL at the index
        int pieces = rule.haircutPnl() ? rule.pieces() : 1;
        for (int j = 0; j < pieces; j++) {
            double r = rule.haircutPnl() ? rule.slope(j) * asset.indexPrice() : asset.indexPrice();
            if (!(r > 0)) {
                continue;   // a tier worth nothing: the asset adds no margin there (no root on this piece moves with q's equity)
            }
            double c = rule.haircutPnl() ? rule.offset(j) * asset.indexPrice() : rule.value(wq, asset.indexPrice()) - r * wq;
            double wallet = wq + ((ownCoin ? 0 : c0 - k0) + c - l * tmm1) / r;
            double f = l / r;
            Terms t = f == 1 ? inst.terms() : scaled(inst.terms(), f);
            // in q's units on this piece, margin moving with the contract's variable x (P linear, 1/P inverse): d·P/mark is
            // g·x with g = d / (r·mark); q itself moving, (C − K)·mark/(r·P) is g·x with g = (C − K)·mark / r
            double g = ownCoin ? (c0 - k0) * mark / r : d / (r * mark);
            Solution sol = g == 0 ? conv.cross(t, wallet, 0, upnl1, legs, mark) : conv.cross(t, wallet, 0, upnl1, legs, mark, g);
            if (!sol.exists()) {
                continue;
            }
            double equity = wq + upnl1 + pnl(cross, symbol, sol.price());
            double scale = SLACK * (Math.abs(wq) + Math.abs(upnl1) + Math.abs(equity) + 1);
            boolean onPiece = !rule.haircutPnl() || equity >= rule.pieceFrom(j) - scale && equity <= rule.pieceTo(j) + scale;
            if (onPiece && (!best.exists() || Math.abs(sol.price() - mark) < Math.abs(best.price() - mark))) {
                best = sol;
            }
        }
        return LiquidationPrice.result(best, inst.tiers());
    }

    /** The PnL of {@code symbol}'s cross positions at {@code price}. */
    private static double pnl(List<Position> cross, String symbol, double price) {
        double u = 0;
        for (Position p : cross) {
            if (p.symbol().equals(symbol)) {
                u += p.unrealizedPnlAt(price);
            }
        }
        return u;
    }

    /**
     * The convention's terms with every tier's maintenance (rate and amount) and the fee a venue counts in it (OKX's taker
     * fee in the rate) scaled by {@code f}; bounds kept.
     */
    private static Terms scaled(Terms t, double f) {
        TierTable tt = t.tiers();
        int n = tt.size();
        int[] bracket = new int[n];
        double[] rate = tt.rates(), amount = tt.amounts();
        for (int i = 0; i < n; i++) {
            bracket[i] = tt.bracket(i);
            rate[i] *= f;
            amount[i] *= f;
        }
        return new Terms(new TierTable(bracket, tt.floors(), tt.caps(), rate, amount, tt.maxLeverages()), t.contractSize(), t.takerFee() * f);
    }

    //-------------------------------------------------------------------------
    /**
     * The half-width f of a box of prices inside which the account's alert ratio — the highest of its positions' margin
     * ratios: the pool's for the cross ones, each isolated position's own — stays on the same side of every level given,
     * whatever each mark does within [mark·(1 − f), mark·(1 + f)] and each asset whose index {@code indexMoves} within
     * [index·(1 − f), index·(1 + f)], all at once (a box: a tick of one symbol inside it needs no look at the others).
     * <p>Sound by interval bounds, not by linearising: ratio ≥ L exactly when H = MM − L·balance ≥ 0 (MM ≥ 0; a balance ≤ 0,
     * ratio +∞, too). Inside a position's tier its maintenance margin (notional × rate − amount, the notional q·P or q/P) and
     * its PnL are monotone in its mark; an asset's value is non-decreasing in its PnL and monotone in its index (its rule
     * is index × a non-decreasing function of the equity, or the wallet's plus PnL × index), what it owes likewise. So each
     * asset's value and owed margin over the box lie between their values at the box's corners, and H between the sums;
     * the box passes when every rising level's H stays below 0 and the highest component's H above each falling level's 0,
     * with a relative 1e-9 kept for rounding, and no position leaves its tier. The largest passing f is searched for
     * (a smaller box's bounds lie inside a larger one's, so passing is monotone in f).
     *
     * @param rising     levels the ratio is below now
     * @param falling    levels the ratio is at or above now (the component holding the highest ratio is kept there)
     * @param indexMoves per asset, whether its index may move (false: held where it is)
     * @return f, at most 0.25; 0 when no box holds (a level within rounding, a non-finite level or ratio): any move re-prices
     */
    public double band(Instruments instruments, double[] rising, int nRising, double[] falling, int nFalling, boolean[] indexMoves) {
        return band(instruments, rising, nRising, falling, nFalling, indexMoves, 0);
    }

    /**
     * {@link #band}, the search starting at {@code hint} (the account's last f; 0: none) and doubling or halving from there
     * until a box holds and the next does not, then bisecting on log f to within 9 %: a few passes over the pool when f
     * changed little since. Only an f whose box was checked is returned (0 — the band is the mark — always holds).
     */
    public double band(Instruments instruments, double[] rising, int nRising, double[] falling, int nFalling, boolean[] indexMoves,
                       double hint) {
        return band(instruments, rising, nRising, falling, nFalling, indexMoves, hint, new BandScratch());
    }

    /**
     * {@link #band}, its working arrays in {@code scratch} (reused from call to call: once they have grown to the pool's
     * size, the search and its box checks allocate nothing). Each position's instrument, terms, tier at the mark and, for
     * an isolated one, its margin base and ratio now are read once per call; a pass over the box only prices the corners.
     */
    public double band(Instruments instruments, double[] rising, int nRising, double[] falling, int nFalling, boolean[] indexMoves,
                       double hint, BandScratch scratch) {
        for (int l = 0; l < nRising + nFalling; l++) {
            if (!Double.isFinite(l < nRising ? rising[l] : falling[l - nRising])) {
                return 0;
            }
        }
        BandScratch sc = scratch;
        sc.fit(assets.size(), positions.size());
        double now = prepare(instruments, sc);
        double min = 1e-7, max = 0.25;
        double lo, hi;   // lo's box holds, hi's does not
        double g = hint >= min && hint <= max ? hint : 1e-3;
        if (boxHolds(sc, now, rising, nRising, falling, nFalling, indexMoves, g)) {
            lo = g;
            while (true) {
                if (lo >= max) {
                    return max;
                }
                double up = Math.min(max, lo * 2);
                if (!boxHolds(sc, now, rising, nRising, falling, nFalling, indexMoves, up)) {
                    hi = up;
                    break;
                }
                lo = up;
            }
        } else {
            hi = g;
            while (true) {
                double down = Math.max(min, hi / 2);
                if (boxHolds(sc, now, rising, nRising, falling, nFalling, indexMoves, down)) {
                    lo = down;
                    break;
                }
                if (down == min) {
                    return 0;
                }
                hi = down;
            }
        }
        while (hi / lo > 1.09) {
            double mid = Math.sqrt(lo * hi);
            if (boxHolds(sc, now, rising, nRising, falling, nFalling, indexMoves, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The working arrays of {@link #band}, grown to the largest pool seen and reused: a stream task keeps one for all its
     * pooled accounts. Not for sharing between threads.
     */
    public static final class BandScratch {
        private int[] settle = new int[0], tier = new int[0];
        private double[] prices = new double[0], base = new double[0];
        private double[] wallet = new double[0], uLo = new double[0], uHi = new double[0], mLo = new double[0], mHi = new double[0];
        private double[] isoRatio = new double[0], isoReqLo = new double[0], isoReqHi = new double[0], isoBalLo = new double[0],
                isoBalHi = new double[0];
        private final double[] totals = new double[2];
        private Instrument[] inst = new Instrument[0];
        private MarginConvention[] conv = new MarginConvention[0];
        private Terms[] terms = new Terms[0];
        private Legs[] legs = new Legs[0];
        private int isolated;
        private boolean anyCross;

        private void fit(int nAssets, int nPositions) {
            if (wallet.length < nAssets) {
                wallet = new double[nAssets];
                uLo = new double[nAssets];
                uHi = new double[nAssets];
                mLo = new double[nAssets];
                mHi = new double[nAssets];
            }
            if (settle.length < nPositions) {
                settle = new int[nPositions];
                tier = new int[nPositions];
                prices = new double[nPositions];
                base = new double[nPositions];
                isoRatio = new double[nPositions];
                isoReqLo = new double[nPositions];
                isoReqHi = new double[nPositions];
                isoBalLo = new double[nPositions];
                isoBalHi = new double[nPositions];
                inst = new Instrument[nPositions];
                conv = new MarginConvention[nPositions];
                terms = new Terms[nPositions];
                legs = new Legs[nPositions];
            }
        }
    }

    /**
     * What every box check of one {@link #band} call shares, into {@code sc}: each position's settlement asset, instrument,
     * terms and tier at its mark, an isolated one's margin base, legs and ratio now, each asset's wallet less the isolated
     * margins it holds. Returns the pool's margin ratio at the marks ({@link #marginRatio}, bit for bit).
     */
    private double prepare(Instruments instruments, BandScratch sc) {
        int[] settle = settleAssets(instruments, sc.settle);
        int n = assets.size();
        for (int a = 0; a < n; a++) {
            sc.wallet[a] = assets.get(a).amount();
        }
        int isolated = 0;
        boolean anyCross = false;
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            Instrument inst = instruments.get(p.symbol());
            MarginConvention conv = inst.convention();
            // the terms of the slot's last instrument kept while it is the same one (a task's instruments change with its tiers)
            Terms t = sc.inst[i] == inst && sc.terms[i] != null ? sc.terms[i] : inst.terms();
            sc.inst[i] = inst;
            sc.conv[i] = conv;
            sc.terms[i] = t;
            sc.tier[i] = conv.tier(t, p.qty(), p.entryPrice(), p.markPrice());
            if (p.marginMode() == MarginMode.ISOLATED) {
                sc.wallet[settle[i]] -= p.isolatedMargin();
                // MarginCalculator.isolatedRequirementAt, its base and legs read once (the slot's legs kept while the same)
                sc.base[i] = conv.isolatedBase(t, p.sign(), p.initialMargin(), p.marginAdded());
                Legs was = sc.legs[i];
                sc.legs[i] = was != null && was.qtyBoth() == p.qty() && was.sideBoth() == p.sign() && was.entryBoth() == p.entryPrice()
                        && was.qtyLong() == 0 && was.qtyShort() == 0 ? was : LiquidationPrice.legs(p);
                double mark = p.markPrice();
                sc.isoRatio[isolated] = MarginCalculator.marginRatio(conv.requirement(t, sc.base[i], sc.legs[i], mark),
                        sc.base[i] + p.unrealizedPnlAt(mark));
                isolated++;
            } else {
                anyCross = true;
            }
        }
        sc.isolated = isolated;
        sc.anyCross = anyCross;
        // the pool's ratio at the marks (marginRatio), its sums in arrays the box checks overwrite
        totals(instruments, settle, marks(sc.prices), null, -1, 1, null, sc.uHi, sc.uLo, sc.mLo, sc.totals, sc.conv, sc.terms);
        return MarginCalculator.marginRatio(sc.totals[0], sc.totals[1]);
    }

    /** Whether every level keeps its side over the box of half-width {@code f} ({@link #band}); {@code sc} as {@link #prepare} left it. */
    private boolean boxHolds(BandScratch sc, double poolRatio, double[] rising, int nRising, double[] falling, int nFalling,
                             boolean[] indexMoves, double f) {
        int n = assets.size();
        double[] wallet = sc.wallet, uLo = sc.uLo, uHi = sc.uHi, mLo = sc.mLo, mHi = sc.mHi;
        for (int a = 0; a < n; a++) {
            uLo[a] = 0;
            uHi[a] = 0;
            mLo[a] = 0;
            mHi[a] = 0;
        }
        int isolated = sc.isolated;
        boolean anyCross = sc.anyCross;
        // isolated components: requirement low, high, balance low, high (ratio now: sc.isoRatio)
        int k = 0;
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            Instrument inst = sc.inst[i];
            MarginConvention conv = sc.conv[i];
            Terms t = sc.terms[i];
            double mark = p.markPrice(), lo = mark * (1 - f), hi = mark * (1 + f);
            int tier = sc.tier[i];
            if (lo < inst.contract().tickSize() || conv.tier(t, p.qty(), p.entryPrice(), lo) != tier
                    || conv.tier(t, p.qty(), p.entryPrice(), hi) != tier) {
                return false;
            }
            if (p.marginMode() == MarginMode.ISOLATED) {
                double base = sc.base[i];
                Legs legs = sc.legs[i];
                double a0 = conv.requirement(t, base, legs, lo), a1 = base + p.unrealizedPnlAt(lo);
                double b0 = conv.requirement(t, base, legs, hi), b1 = base + p.unrealizedPnlAt(hi);
                sc.isoReqLo[k] = Math.min(a0, b0);
                sc.isoReqHi[k] = Math.max(a0, b0);
                sc.isoBalLo[k] = Math.min(a1, b1);
                sc.isoBalHi[k] = Math.max(a1, b1);
                k++;
                continue;
            }
            // MarginCalculator.maintenanceMargin, the terms read once
            double mmA = conv.maintenanceMargin(t, p.qty(), p.entryPrice(), lo), mmB = conv.maintenanceMargin(t, p.qty(), p.entryPrice(), hi);
            double uA = p.unrealizedPnlAt(lo), uB = p.unrealizedPnlAt(hi);
            int s = sc.settle[i];
            mLo[s] += Math.min(mmA, mmB);
            mHi[s] += Math.max(mmA, mmB);
            uLo[s] += Math.min(uA, uB);
            uHi[s] += Math.max(uA, uB);
        }
        double oMin = 0, oMax = 0, vMin = 0, vMax = 0;
        for (int a = 0; a < n; a++) {
            CollateralAsset c = assets.get(a);
            double i0 = c.indexPrice();
            double iLo = indexMoves[a] ? i0 * (1 - f) : i0, iHi = indexMoves[a] ? i0 * (1 + f) : i0;
            CollateralRule r = c.rule();
            if (mLo[a] < 0) {
                return false;   // a negative maintenance margin: "ratio ≥ L ⇔ H ≥ 0" no longer holds
            }
            oMin += Math.min(r.owed(mLo[a], iLo), r.owed(mLo[a], iHi));
            oMax += Math.max(r.owed(mHi[a], iLo), r.owed(mHi[a], iHi));
            vMin += Math.min(r.value(wallet[a], uLo[a], iLo), r.value(wallet[a], uLo[a], iHi));
            vMax += Math.max(r.value(wallet[a], uHi[a], iLo), r.value(wallet[a], uHi[a], iHi));
        }
        // the component holding the highest ratio now (-1: the pool), which the falling levels keep
        int top = -2;
        double topRatio = Double.NEGATIVE_INFINITY;
        if (anyCross) {
            top = -1;
            topRatio = poolRatio;
        }
        for (int c = 0; c < isolated; c++) {
            if (top == -2 || sc.isoRatio[c] > topRatio) {
                top = c;
                topRatio = sc.isoRatio[c];
            }
        }
        if (Double.isNaN(topRatio)) {
            return false;
        }
        for (int c = -1; c < isolated; c++) {
            if (c == -1 && !anyCross) {
                continue;
            }
            double reqLo = c < 0 ? oMin : sc.isoReqLo[c], reqHi = c < 0 ? oMax : sc.isoReqHi[c];
            double balLo = c < 0 ? vMin : sc.isoBalLo[c], balHi = c < 0 ? vMax : sc.isoBalHi[c];
            if (reqLo < 0) {
                return false;
            }
            for (int l = 0; l < nRising; l++) {
                double level = rising[l];
                double h = reqHi - (level >= 0 ? level * balLo : level * balHi);
                if (!(h < -(1e-9 * (Math.abs(reqHi) + Math.abs(level * balLo)) + 1e-12))) {
                    return false;
                }
            }
            if (c != top) {
                continue;
            }
            for (int l = 0; l < nFalling; l++) {
                double level = falling[l];
                if (level <= 0) {
                    continue;   // MM ≥ 0: the ratio is at or above any level ≤ 0
                }
                double h = reqLo - level * balHi;
                if (!(h > 1e-9 * (Math.abs(reqLo) + Math.abs(level * balHi)) + 1e-12)) {
                    return false;
                }
            }
        }
        return true;
    }

    //-------------------------------------------------------------------------
    /** Every figure of the pool at the marks, and each cross symbol's liquidation price on it. */
    public PoolReport evaluate(Instruments instruments) {
        int[] settle = settleAssets(instruments);
        double[][] per = new double[assets.size()][];
        double[] t = totals(instruments, settle, marks(), per);
        List<PoolReport.AssetLine> lines = new ArrayList<>();
        for (int a = 0; a < assets.size(); a++) {
            CollateralAsset c = assets.get(a);
            lines.add(new PoolReport.AssetLine(c.asset(), c.amount(), c.indexPrice(), per[a][2], per[a][3], per[a][4], per[a][5]));
        }
        List<PoolReport.Liquidation> liq = new ArrayList<>();
        List<Position> cross = positions.stream().filter(p -> p.marginMode() == MarginMode.CROSS).toList();
        for (String symbol : new LinkedHashSet<>(cross.stream().map(Position::symbol).toList())) {
            LiquidationResult r = liquidationPrice(instruments, symbol);
            Instrument inst = instruments.get(symbol);
            Position first = cross.stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow();
            Legs legs = LiquidationPrice.legs(cross, symbol);
            boolean falls = r.exists() ? r.byFall() : legs.liquidatedByFall(r.price(), first.markPrice());
            double shown = r.exists() ? MarginCalculator.roundTowardEntry(inst.contract(), r.price(), falls, first.entryPrice()) : Double.NaN;
            liq.add(new PoolReport.Liquidation(symbol, first.markPrice(), shown, r.price(),
                    r.exists() ? (r.price() - first.markPrice()) / first.markPrice() * 100 : Double.NaN));
        }
        return new PoolReport(lines, t[1], t[0], MarginCalculator.marginRatio(t[0], t[1]), liq);
    }
}
