package io.perpguard.margin.fast;

import io.perpguard.instrument.TickRule;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.MarginConvention.LiquidationTake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-account margin evaluation of {@link io.perpguard.margin.MarginCalculator#evaluate(Account, Instruments)}
 * over arrays: positions in a reusable {@link Book}, results into a reusable {@link Result}, symbols as indices,
 * tiers as {@link TierTable}s, tick rounding on scaled longs ({@link TickRounding}); no BigDecimal, no stream, no
 * allocation per call. Same formulas in the same order as the reference, so the figures agree to the last bit
 * (tested for every venue, linear and inverse). Each symbol's venue rule — linear or inverse (coin-margined: notional
 * qty / price, PnL side × qty × (1/entry − 1/price), amounts in coin), tier basis, valuation, fee in the rate, margin
 * added net of a fee, a closing fee at the bankruptcy price, what a liquidation takes — is its convention's
 * {@link MarginConvention.Flat}, read once here. Inputs are validated where the {@link Book} is filled from an
 * {@link Account}.
 */
public final class AccountKernel {
    static final byte BOTH = 0, LONG_LEG = 1, SHORT_LEG = 2;

    /** Tier bases ({@link MarginConvention.TierBasis}) as bytes. */
    private static final byte AT_PRICE = 0, AT_ENTRY = 1, BY_CONTRACTS = 2;

    private final Map<String, Integer> index = new HashMap<>();
    /** per symbol: tiers (rates with the venue's {@link MarginConvention.Flat#rateAdd}) and tick rounding */
    private final TierTable[] tiers;
    private final TickRounding[] ticks;
    /** per symbol, the venue's rule ({@link MarginConvention.Flat}) */
    private final byte[] basis;
    private final boolean[] linear, valueAtEntry, takesRemainingMargin;
    /** per symbol, linear or inverse: its notional and PnL ({@link io.perpguard.venue.ContractType}, the one formula) */
    private final io.perpguard.venue.ContractType[] type;
    private final double[] contractSize, addedDivisorLong, addedDivisorShort, liquidationFeeRate, bankruptcyFeeRate;
    /** per symbol, its liquidation and bankruptcy price on the venue's rule (the one array-side solver) */
    private final LevelSolver[] level;

    public AccountKernel(List<Instrument> instruments) {
        int n = instruments.size();
        tiers = new TierTable[n];
        ticks = new TickRounding[n];
        basis = new byte[n];
        linear = new boolean[n];
        type = new io.perpguard.venue.ContractType[n];
        valueAtEntry = new boolean[n];
        takesRemainingMargin = new boolean[n];
        contractSize = new double[n];
        addedDivisorLong = new double[n];
        addedDivisorShort = new double[n];
        liquidationFeeRate = new double[n];
        bankruptcyFeeRate = new double[n];
        level = new LevelSolver[n];
        for (int i = 0; i < n; i++) {
            Instrument in = instruments.get(i);
            MarginConvention.Flat f = in.convention().flat(in.terms(), in.contract().liquidationFeeRate());
            index.put(in.symbol(), i);
            tiers[i] = TierTable.of(in.tiers(), f.rateAdd());
            ticks[i] = new TickRounding(in.contract());
            basis[i] = switch (f.basis()) {
                case AT_PRICE -> AT_PRICE;
                case AT_ENTRY -> AT_ENTRY;
                case BY_CONTRACTS -> BY_CONTRACTS;
            };
            type[i] = f.type();
            linear[i] = f.linear();
            valueAtEntry[i] = f.valueAtEntry();
            takesRemainingMargin[i] = f.takesRemainingMargin();
            contractSize[i] = f.contractSize();
            addedDivisorLong[i] = f.addedDivisorLong();
            addedDivisorShort[i] = f.addedDivisorShort();
            liquidationFeeRate[i] = f.liquidationFeeRate();
            bankruptcyFeeRate[i] = f.bankruptcyFeeRate();
            level[i] = LevelSolver.of(f, tiers[i]);
        }
    }

    /** A kernel over every instrument of {@code instruments}. */
    public static AccountKernel of(Instruments instruments) {
        return new AccountKernel(new ArrayList<>(instruments.bySymbol().values()));
    }

    /** The index of {@code symbol}, or −1. */
    public int symbol(String symbol) {
        Integer i = index.get(symbol);
        return i == null ? -1 : i;
    }

    /** Whether the kernel models the venue rule of symbol index {@code symbol}: every known symbol, linear or inverse. */
    public boolean models(int symbol) {
        return symbol >= 0;
    }

    /** One account's positions as arrays (reusable: {@link #clear} and refill). */
    public static final class Book {
        int n;
        double wallet;
        int[] sym;
        int[] sign;
        byte[] leg;
        boolean[] isolated;
        double[] qty, entry, leverage, marginAdded, mark;

        public Book(int capacity) {
            sym = new int[capacity];
            sign = new int[capacity];
            leg = new byte[capacity];
            isolated = new boolean[capacity];
            qty = new double[capacity];
            entry = new double[capacity];
            leverage = new double[capacity];
            marginAdded = new double[capacity];
            mark = new double[capacity];
        }

        public void clear(double walletBalance) {
            n = 0;
            wallet = walletBalance;
        }

        public int size() {
            return n;
        }

        /** Adds a position; {@code leg} 0 one-way, 1 hedge long leg, 2 hedge short leg. */
        public void add(int symbol, int side, int legKind, boolean isIsolated, double q, double entryPrice, double lev,
                        double added, double markPrice) {
            if (n == sym.length) {
                throw new IllegalStateException("book holds at most " + sym.length + " positions");
            }
            sym[n] = symbol;
            sign[n] = side;
            leg[n] = (byte) legKind;
            isolated[n] = isIsolated;
            qty[n] = q;
            entry[n] = entryPrice;
            leverage[n] = lev;
            marginAdded[n] = added;
            mark[n] = markPrice;
            n++;
        }

        /** Sets the mark of every position of {@code symbol}. */
        public void mark(int symbol, double price) {
            for (int i = 0; i < n; i++) {
                if (sym[i] == symbol) {
                    mark[i] = price;
                }
            }
        }
    }

    /** Fills {@code book} from a validated account. */
    public void load(Account a, Book book) {
        book.clear(a.walletBalance());
        for (Position p : a.positions()) {
            int s = symbol(p.symbol());
            if (s < 0) {
                throw new io.perpguard.InvalidInputException("symbol", "unknown symbol " + p.symbol());
            }
            int legKind = switch (p.positionSide()) {
                case BOTH -> BOTH;
                case LONG -> LONG_LEG;
                case SHORT -> SHORT_LEG;
            };
            book.add(s, p.sign(), legKind, p.marginMode() == MarginMode.ISOLATED, p.qty(), p.entryPrice(), p.leverage(),
                    p.marginAdded(), p.markPrice());
        }
    }

    /** What {@link #evaluate} writes, per position (by the book's order) and for the account. */
    public static final class Result {
        /**
         * Per position; {@code requirement} is the maintenance requirement behind its margin ratio: an isolated
         * position's own maintenance margin plus the venue's fee term, a cross position's the account's cross one.
         */
        public double[] notional, maintenanceMargin, unrealizedPnl, marginBalance, marginRatio, liquidationPriceExact,
                liquidationPrice, bankruptcyPrice, distanceToLiquidationPct, lossIfLiquidated, requirement;
        public double crossWalletBalance, crossMaintenanceMargin, crossMarginBalance, crossMarginRatio, totalUnrealizedPnl;

        public Result(int capacity) {
            notional = new double[capacity];
            maintenanceMargin = new double[capacity];
            unrealizedPnl = new double[capacity];
            marginBalance = new double[capacity];
            marginRatio = new double[capacity];
            liquidationPriceExact = new double[capacity];
            liquidationPrice = new double[capacity];
            bankruptcyPrice = new double[capacity];
            distanceToLiquidationPct = new double[capacity];
            lossIfLiquidated = new double[capacity];
            requirement = new double[capacity];
        }
    }

    /**
     * Evaluates the account: per position notional, maintenance margin (own tier), unrealized PnL, margin balance and
     * ratio, liquidation price (exact and rounded to the tick toward entry), bankruptcy price, distance to
     * liquidation and loss if liquidated; for the account the cross wallet, cross maintenance requirement, balance and
     * ratio. Amounts of an inverse symbol are in its coin.
     */
    public void evaluate(Book b, Result r) {
        int n = b.n;
        double crossWallet = b.wallet;
        for (int i = 0; i < n; i++) {
            if (b.isolated[i]) {
                crossWallet -= isolatedMargin(b, i);
            }
        }
        crossWallet = Math.max(0, crossWallet);
        double crossMm = 0, crossUpnl = 0, upnl = 0;
        boolean anyCross = false, crossFee = false;
        for (int i = 0; i < n; i++) {
            int s = b.sym[i];
            r.notional[i] = notional(s, b.qty[i], b.mark[i]);
            r.maintenanceMargin[i] = maintenanceMargin(s, b.qty[i], b.entry[i], b.mark[i]);
            r.unrealizedPnl[i] = pnl(s, b.sign[i], b.qty[i], b.entry[i], b.mark[i]);
            if (!b.isolated[i]) {
                anyCross = true;
                crossMm += r.maintenanceMargin[i];
                crossUpnl += r.unrealizedPnl[i];
                crossFee |= bankruptcyFeeRate[s] != 0;
            }
        }
        // the cross requirement: Σ MM, plus each symbol's fee term at the margin left for it (as the reference's order)
        double crossReq = crossFee ? crossRequirement(b, r, crossWallet, crossMm, crossUpnl) : crossMm;
        double crossBalance = crossWallet + crossUpnl;
        for (int i = 0; i < n; i++) {
            int s = b.sym[i];
            upnl += r.unrealizedPnl[i];
            double lp, bp, balance, req;
            boolean falls, lose;
            if (b.isolated[i]) {
                double m = isolatedBase(b, i);
                lp = solve(s, m, 0, 0, b.qty[i], b.sign[i], b.entry[i], 0, 0, 0, 0, b.mark[i]);
                bp = bankruptcy(s, m, 0, b.qty[i], b.sign[i], b.entry[i], 0, 0, 0, 0);
                balance = m + r.unrealizedPnl[i];
                req = r.maintenanceMargin[i];
                if (bankruptcyFeeRate[s] != 0) {
                    req = req + bankruptcyFee(s, m, b.qty[i], b.sign[i], b.entry[i], 0, 0, 0, 0);
                }
                falls = level[s].liquidatedByFall(lp, b.mark[i], b.qty[i], b.sign[i], 0, 0);
                lose = b.sign[i] > 0;
            } else {
                // the symbol's cross legs; every other cross position held at its mark (TMM₁, UPNL₁)
                double tmm1 = 0, upnl1 = 0, mark = Double.NaN, symUpnl = 0;
                double qb = 0, eb = 0, ql = 0, el = 0, qs = 0, es = 0;
                int sb = 1;
                for (int j = 0; j < n; j++) {
                    if (b.isolated[j]) {
                        continue;
                    }
                    if (b.sym[j] != s) {
                        tmm1 += r.maintenanceMargin[j];
                        upnl1 += r.unrealizedPnl[j];
                        continue;
                    }
                    mark = b.mark[j];
                    symUpnl += r.unrealizedPnl[j];
                    switch (b.leg[j]) {
                        case BOTH -> { qb = b.qty[j]; sb = b.sign[j]; eb = b.entry[j]; }
                        case LONG_LEG -> { ql = b.qty[j]; el = b.entry[j]; }
                        default -> { qs = b.qty[j]; es = b.entry[j]; }
                    }
                }
                lp = solve(s, crossWallet, tmm1, upnl1, qb, sb, eb, ql, el, qs, es, mark);
                bp = bankruptcy(s, crossWallet, crossUpnl - symUpnl, qb, sb, eb, ql, el, qs, es);
                balance = crossBalance;
                req = crossReq;
                // the legs share one level, rounded as the mark reaches it (the reference's Solution.byFall)
                falls = level[s].liquidatedByFall(lp, b.mark[i], qb, sb, ql, qs);
                double net = sb * qb + ql - qs;
                lose = net != 0 ? net > 0 : lp < b.mark[i];
            }
            r.liquidationPriceExact[i] = lp;
            r.liquidationPrice[i] = TickRule.notPastEntry(ticks[s].towardEntry(lp, falls), lp, b.entry[i], falls);
            r.bankruptcyPrice[i] = TickRule.notPastEntry(ticks[s].towardEntry(bp, lose), bp, b.entry[i], lose);
            r.marginBalance[i] = balance;
            r.requirement[i] = req;
            r.marginRatio[i] = ratio(req, balance);
            boolean finite = Double.isFinite(lp);
            r.distanceToLiquidationPct[i] = finite ? (lp - b.mark[i]) / b.mark[i] * 100 : Double.NaN;
            double loss = Double.NaN;
            if (finite) {
                // what the venue keeps at liquidation (its convention's take) out of what margin is left there; as the
                // reference engine, a mark already past liquidation has no further (and no negative) price loss; a symbol's
                // cross legs are liquidated at their one level together, their loss counted once and shared by notional
                double move = 0, notional = 0, legMove = 0, legNotional = 0;
                int legs = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i && (b.isolated[i] || b.isolated[j] || b.sym[j] != s)) {
                        continue;
                    }
                    double m = -(pnl(s, b.sign[j], b.qty[j], b.entry[j], lp) - r.unrealizedPnl[j]), nj = notional(s, b.qty[j], lp);
                    move += m;
                    notional += nj;
                    legs++;
                    if (j == i) {
                        legMove = m;
                        legNotional = nj;
                    }
                }
                double priceLoss = Math.max(0, move);
                double left = Math.max(0, balance - priceLoss);
                double fee = LiquidationTake.fee(takesRemainingMargin[s], liquidationFeeRate[s], notional, left);
                loss = Math.min(priceLoss + fee, Math.max(0, balance));
                if (legs > 1) {
                    loss = MarginConvention.legShare(legMove, legNotional, move, notional, loss);
                }
            }
            r.lossIfLiquidated[i] = loss;
        }
        r.crossWalletBalance = crossWallet;
        r.crossMaintenanceMargin = crossReq;
        r.crossMarginBalance = crossBalance;
        r.crossMarginRatio = anyCross ? ratio(crossReq, crossBalance) : Double.NaN;
        r.totalUnrealizedPnl = upnl;
    }

    /**
     * The cross requirement when a cross symbol's venue counts a closing fee at the bankruptcy price
     * ({@link MarginConvention#requirement}): Σ MM plus, symbol by symbol in the order they first appear, that symbol's
     * fee term at the margin left for it (cross wallet − the other symbols' MM + their PnL).
     */
    private double crossRequirement(Book b, Result r, double crossWallet, double totalMm, double totalUpnl) {
        double req = totalMm;
        for (int i = 0; i < b.n; i++) {
            int s = b.sym[i];
            if (b.isolated[i] || bankruptcyFeeRate[s] == 0 || seenCross(b, i)) {
                continue;
            }
            double mm = 0, up = 0, qb = 0, eb = 0, ql = 0, el = 0, qs = 0, es = 0;
            int sb = 1;
            for (int j = i; j < b.n; j++) {
                if (b.isolated[j] || b.sym[j] != s) {
                    continue;
                }
                mm += r.maintenanceMargin[j];
                up += r.unrealizedPnl[j];
                switch (b.leg[j]) {
                    case BOTH -> { qb = b.qty[j]; sb = b.sign[j]; eb = b.entry[j]; }
                    case LONG_LEG -> { ql = b.qty[j]; el = b.entry[j]; }
                    default -> { qs = b.qty[j]; es = b.entry[j]; }
                }
            }
            double base = crossWallet - (totalMm - mm) + (totalUpnl - up);
            double extra = bankruptcyFee(s, base, qb, sb, eb, ql, el, qs, es);
            if (extra != 0) {
                req += extra;
            }
        }
        return req;
    }

    /** Whether a cross position before {@code i} holds the same symbol. */
    private static boolean seenCross(Book b, int i) {
        for (int j = 0; j < i; j++) {
            if (!b.isolated[j] && b.sym[j] == b.sym[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The price band of each symbol of an evaluated account inside which its alert ratio (the highest position
     * margin ratio: the cross ratio, each isolated position's own) stays on the same side of every level given: a
     * box in mark space, so a tick of one symbol that stays inside its band cannot change which side of a level the
     * ratio is on, whatever the other symbols do inside theirs.
     * <p>For a level L and a component c (the cross positions together, or one isolated position), ratio ≥ L exactly
     * when H = MM_c − L·B_c ≥ 0 (with MM ≥ 0 this also covers a margin balance B ≤ 0, ratio +∞). Inside each
     * position's current tier MM is linear in the mark, so H is linear in each symbol's mark with slope
     * k_s = Σ q·MMR − L·Σ side·q over the component's positions of s; the band gives each of the component's n
     * symbols 1/n of the slack |H| (less a relative 1e-9 for rounding) in the direction that moves H toward 0, and
     * never leaves a position's tier. With no slack left (the ratio at a level, within rounding) the band is the mark.
     * <p>Inverse symbols: MM = (q/P)·MMR − cum and PnL = side·q·(1/EP − 1/P) are linear in x = 1/P, so the same band
     * is built in x (slope Σ q·MMR + L·Σ side·q) and mapped back to prices, rounded inward. A cross component in which a
     * venue's closing fee at the bankruptcy price (Bybit inverse) couples two or more symbols — each symbol's fee term
     * moves with the others' marks — gets no band (the mark): every tick of its symbols re-prices it.
     *
     * @param b, r          the book and its {@link #evaluate} result (marks as evaluated)
     * @param rising        levels the ratio is below now (the band ends before it reaches one)
     * @param falling       levels the ratio is at or above now (the band ends before it falls below one); the
     *                      component holding the highest ratio is the one kept at or above
     * Uses work arrays of this kernel: not for concurrent calls.
     *
     * @param symbols       the account's distinct symbols ({@code count} of them); {@code lo[k]}, {@code hi[k]} receive
     *                      symbol k's band, {@code lo < mark < hi} unless the slack is 0 (then the band is the mark)
     */
    public void bands(Book b, Result r, double[] rising, int nRising, double[] falling, int nFalling, int[] symbols, int count,
                      double[] lo, double[] hi) {
        Scratch w = scratch(count, b.n);
        for (int k = 0; k < count; k++) {
            lo[k] = 0;
            hi[k] = Double.POSITIVE_INFINITY;
            w.crossA[k] = 0;
            w.crossN[k] = 0;
            w.inCross[k] = false;
        }
        int crossSymbols = 0;
        boolean crossFee = false;
        for (int i = 0; i < b.n; i++) {
            int k = slot(symbols, count, b.sym[i]);
            int s = b.sym[i];
            boolean lin = linear[s];
            w.pos[i] = k;
            w.price[k] = b.mark[i];
            w.inverse[k] = !lin;
            // the coordinate H is linear in: the mark, or 1/mark (inverse)
            w.mark[k] = lin ? b.mark[i] : 1 / b.mark[i];
            TierTable tt = tiers[s];
            int t = tier(s, b.qty[i], b.entry[i], b.mark[i]);
            if (basis[s] == AT_PRICE) {
                // stay in the position's tier: notional q·P (or q·x) in (cap[t−1], cap[t]] (other bases fix the tier whatever the mark)
                lo[k] = Math.max(lo[k], t == 0 ? 0 : tt.caps[t - 1] / b.qty[i]);
                hi[k] = Math.min(hi[k], tt.caps[t] / b.qty[i]);
            }
            // dH/dcoordinate = q·MMR − L·dB = a − L·n, dB = side·q (linear) or −side·q (inverse, in x); MM valued at entry: a = 0
            w.a[i] = valueAtEntry[s] ? 0 : b.qty[i] * tt.rates[t];
            w.n[i] = lin ? b.sign[i] * b.qty[i] : -b.sign[i] * b.qty[i];
            if (!b.isolated[i]) {
                w.crossA[k] += w.a[i];
                w.crossN[k] += w.n[i];
                crossFee |= bankruptcyFeeRate[s] != 0;
                if (!w.inCross[k]) {
                    w.inCross[k] = true;
                    crossSymbols++;
                }
            }
        }
        // a fee term at the bankruptcy price couples the cross symbols' marks: no band for them (see above)
        boolean crossCoupled = crossFee && crossSymbols > 1;
        boolean anyCross = crossSymbols > 0;
        // the component with the highest ratio (−1: the cross one)
        int top = -2;
        double topRatio = Double.NEGATIVE_INFINITY;
        if (anyCross) {
            top = -1;
            topRatio = r.crossMarginRatio;
        }
        for (int i = 0; i < b.n; i++) {
            if (b.isolated[i] && (top == -2 || r.marginRatio[i] > topRatio)) {
                top = i;
                topRatio = r.marginRatio[i];
            }
        }
        for (int l = 0; l < nRising + nFalling; l++) {
            boolean isRising = l < nRising;
            double level = isRising ? rising[l] : falling[l - nRising];
            if (!Double.isFinite(level)) {
                collapse(w.price, count, lo, hi);
                return;
            }
            for (int c = -1; c < b.n; c++) {
                boolean isCross = c == -1;
                if (isCross ? !anyCross : !b.isolated[c]) {
                    continue;
                }
                if (!isRising && c != top) {
                    continue;
                }
                double mm = isCross ? r.crossMaintenanceMargin : r.requirement[c];
                double balance = isCross ? r.crossMarginBalance : r.marginBalance[c];
                double h = mm - level * balance;
                double slack = (isRising ? -h : h) - 1e-9 * (Math.abs(mm) + Math.abs(level * balance)) - 1e-12;
                double budget = isCross && crossCoupled ? 0 : Math.max(0, slack) / (isCross ? crossSymbols : 1);
                if (isCross) {
                    for (int k = 0; k < count; k++) {
                        if (w.inCross[k]) {
                            limit(w.crossA[k] - level * w.crossN[k], isRising, budget, w.mark[k], k, lo, hi);
                        }
                    }
                } else {
                    int k = w.pos[c];
                    limit(w.a[c] - level * w.n[c], isRising, budget, w.mark[k], k, lo, hi);
                }
            }
        }
        for (int k = 0; k < count; k++) {
            if (w.inverse[k]) {
                toPrices(w.mark[k], w.price[k], k, lo, hi);
            }
        }
    }

    /**
     * Maps symbol k's band in x = 1/P around {@code x} back to prices around {@code mark}: P in [1/hi, 1/lo], each end
     * one step inward of its rounded reciprocal and never past the mark; an end closed at x stays closed at the mark.
     */
    private static void toPrices(double x, double mark, int k, double[] lo, double[] hi) {
        double xLo = lo[k], xHi = hi[k];
        lo[k] = xHi <= x ? mark : xHi == Double.POSITIVE_INFINITY ? 0 : Math.min(mark, Math.nextUp(1 / xHi));
        hi[k] = xLo >= x ? mark : xLo <= 0 ? Double.POSITIVE_INFINITY : Math.max(mark, Math.nextDown(1 / xLo));
    }

    /**
     * Narrows symbol k's band so H, moving at {@code slope} per unit of mark, uses at most {@code budget} toward the
     * level; no budget (the ratio at the level, within rounding) closes the band both ways, since rounding alone could
     * then put the ratio on the other side.
     */
    private static void limit(double slope, boolean isRising, double budget, double mark, int k, double[] lo, double[] hi) {
        if (budget == 0) {
            lo[k] = Math.max(lo[k], mark);
            hi[k] = Math.min(hi[k], mark);
            return;
        }
        double adverse = isRising ? slope : -slope;
        if (adverse > 0) {
            hi[k] = Math.min(hi[k], mark + budget / adverse);
        } else if (adverse < 0) {
            lo[k] = Math.max(lo[k], mark - budget / -adverse);
        }
    }

    /** Reused work arrays of {@link #bands} (a kernel is used by one thread). */
    private static final class Scratch {
        /** per symbol slot: the coordinate H is linear in (mark, or 1/mark for inverse), the mark, whether inverse */
        double[] mark, price, crossA, crossN, a, n;
        boolean[] inCross, inverse;
        int[] pos;
    }

    private Scratch scratch;

    private Scratch scratch(int symbols, int positions) {
        Scratch w = scratch;
        if (w == null || w.mark.length < symbols || w.a.length < positions) {
            w = new Scratch();
            int s = Math.max(8, symbols), p = Math.max(8, positions);
            w.mark = new double[s];
            w.price = new double[s];
            w.inverse = new boolean[s];
            w.crossA = new double[s];
            w.crossN = new double[s];
            w.inCross = new boolean[s];
            w.a = new double[p];
            w.n = new double[p];
            w.pos = new int[p];
            scratch = w;
        }
        return w;
    }

    private static void collapse(double[] mark, int count, double[] lo, double[] hi) {
        for (int k = 0; k < count; k++) {
            lo[k] = mark[k];
            hi[k] = mark[k];
        }
    }

    private static int slot(int[] symbols, int count, int symbol) {
        for (int k = 0; k < count; k++) {
            if (symbols[k] == symbol) {
                return k;
            }
        }
        throw new IllegalArgumentException("symbol " + symbol + " is not among the account's symbols");
    }

    /** Notional in the settlement currency of symbol slot {@code s} ({@link io.perpguard.venue.ContractType#notional}). */
    private double notional(int s, double qty, double price) {
        return type[s].notional(qty, price);
    }

    /** Unrealized PnL of symbol slot {@code s} ({@link io.perpguard.venue.ContractType#pnl}). */
    private double pnl(int s, int sign, double qty, double entry, double price) {
        return type[s].pnl(sign, qty, entry, price);
    }

    /** Isolated margin = notional at entry / leverage + margin added (DESIGN.md vocabulary). */
    private double isolatedMargin(Book b, int i) {
        return notional(b.sym[i], b.qty[i], b.entry[i]) / b.leverage[i] + b.marginAdded[i];
    }

    /** The margin behind an isolated position as its venue counts it ({@link MarginConvention#isolatedBase}). */
    private double isolatedBase(Book b, int i) {
        int s = b.sym[i];
        return notional(s, b.qty[i], b.entry[i]) / b.leverage[i]
                + b.marginAdded[i] / (b.sign[i] > 0 ? addedDivisorLong[s] : addedDivisorShort[s]);
    }

    /** The tier of a leg as its venue picks it ({@link MarginConvention#tier}): by notional at {@code price}, at entry, or contracts. */
    private int tier(int s, double qty, double entry, double price) {
        byte bs = basis[s];
        double measure = bs == BY_CONTRACTS ? (contractSize[s] > 0 ? qty / contractSize[s] : qty)
                : notional(s, qty, bs == AT_ENTRY ? entry : price);
        return tiers[s].index(measure);
    }

    /** Maintenance margin of a leg at {@code price} ({@link MarginConvention#maintenanceMargin}): value × rate − amount of its tier. */
    private double maintenanceMargin(int s, double qty, double entry, double price) {
        TierTable tt = tiers[s];
        int t = tier(s, qty, entry, price);
        return notional(s, qty, valueAtEntry[s] ? entry : price) * tt.rates[t] - tt.amounts[t];
    }

    /** Margin ratio = MM / margin balance (DESIGN.md); +∞ once margin balance is 0 or less. */
    static double ratio(double mm, double balance) {
        return balance > 0 ? mm / balance : Double.POSITIVE_INFINITY;
    }

    /** The liquidation price of symbol {@code s}'s legs by its venue's rule ({@link LevelSolver#solve}). */
    double solve(int s, double wallet, double otherMm, double otherUpnl, double qb, int sb, double eb, double ql,
                 double el, double qs, double es, double mark) {
        return level[s].solve(wallet, otherMm, otherUpnl, qb, sb, eb, ql, el, qs, es, mark);
    }

    /** The bankruptcy price of symbol {@code s}'s legs ({@link LevelSolver#bankruptcy}). */
    double bankruptcy(int s, double wallet, double otherUpnl, double qb, int sb, double eb, double ql, double el,
                      double qs, double es) {
        return level[s].bankruptcy(wallet, otherUpnl, qb, sb, eb, ql, el, qs, es);
    }

    /** The venue's closing fee at the bankruptcy price ({@link LevelSolver#bankruptcyFee}). */
    private double bankruptcyFee(int s, double base, double qb, int sb, double eb, double ql, double el, double qs, double es) {
        return level[s].bankruptcyFee(base, qb, sb, eb, ql, el, qs, es);
    }
}
