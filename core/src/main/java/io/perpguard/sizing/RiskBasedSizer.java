package io.perpguard.sizing;

import io.perpguard.Checks;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.ContractType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fixed-fractional position sizing to a stop: the size whose loss at the stop — price move to the slipped exit
 * plus taker fees both ways — fits the risk budget, checked against the margin engine so the stop is hit well
 * before the liquidation price.
 */
public final class RiskBasedSizer {
    /** Upper bound of leverage the search tries (the margin engine's own limit). */
    static final int MAX_LEVERAGE = 1000;

    private RiskBasedSizer() {
    }

    /**
     * Result of {@link #maxSafeLeverage}: the leverage (NaN when none keeps the buffer) and how many liquidation
     * prices the search evaluated.
     */
    public record LeverageSearch(double leverage, int evaluations) {
    }

    //-------------------------------------------------------------------------
    /** The fill of a stop-market exit after slippage: {@code stop × (1 − side × slippage)}. */
    public static double exitAtStop(Side side, double stop, double slippage) {
        return stop * (1 - side.sign() * slippage);
    }

    /**
     * The loss per unit of a linear contract when the stop fills: price move to the slipped exit plus the taker fee in
     * and out, {@code side × (entry − exit) + fee × (entry + exit)} ({@link #lossPerUnit(ContractType, Side, double, double,
     * double, double, double)} of a linear contract).
     */
    public static double lossPerUnit(Side side, double entry, double stop, double takerFee, double slippage) {
        return lossPerUnit(ContractType.LINEAR, side, entry, stop, takerFee, takerFee, slippage);
    }

    /**
     * {@link #lossPerUnit(Side, double, double, double, double)} with the entry's own fee rate (a replayed ladder whose
     * resting rungs paid maker): {@code side × (entry − exit) + entryFee × entry + takerFee × exit}.
     */
    public static double lossPerUnit(Side side, double entry, double stop, double entryFee, double takerFee, double slippage) {
        return lossPerUnit(ContractType.LINEAR, side, entry, stop, entryFee, takerFee, slippage);
    }

    /** {@link #lossPerUnit(ContractType, Side, double, double, double, double, double)} with the taker fee in and out. */
    public static double lossPerUnit(ContractType type, Side side, double entry, double stop, double takerFee, double slippage) {
        return lossPerUnit(type, side, entry, stop, takerFee, takerFee, slippage);
    }

    /**
     * The one loss per unit at the stop, in the contract's settlement currency: the PnL to the slipped stop fill plus the
     * fee on the notional in and out, {@code −pnl(entry → exit) + entryFee × notional(entry) + takerFee × notional(exit)}
     * of one unit of {@code type} — linear per base unit in quote, {@code side × (entry − exit) + fee × (entry + exit)};
     * inverse per USD of face in coin, {@code side × (1/exit − 1/entry) + fee × (1/entry + 1/exit)}.
     */
    public static double lossPerUnit(ContractType type, Side side, double entry, double stop, double entryFee, double takerFee,
                                     double slippage) {
        double exit = exitAtStop(side, stop, slippage);
        // R per unit = −PnL to the slipped fill + fees on notional in and out (DESIGN.md "R"; PnL and notional: ContractType)
        return -type.pnl(side.sign(), 1, entry, exit) + entryFee * type.notional(1, entry) + takerFee * type.notional(1, exit);
    }

    /**
     * The relative float noise a loss may carry over its budget and still count as within it: decimal inputs are not
     * exact in binary (3 − 2.9 is 0.10000000000000009), so a size whose exact decimal loss is the budget to the cent
     * computes a hair above it. A billionth of the budget is far above that noise (its relative error grows with
     * entry / |entry − stop|, 1.3e-10 for a stop 0.1 from 60,000) and far below a cent of any budget one sizes; it is
     * held below a thousandth of one step's loss ({@link #qtyForRisk}), so it never buys a step more.
     */
    public static final double BUDGET_TOLERANCE = 1e-9;

    /**
     * The largest size on the contract's step that loses at most {@code riskAmount} at {@code lossPerUnit}, within the
     * float noise of decimal inputs: {@link #BUDGET_TOLERANCE} of the budget, at most a thousandth of one step's loss (a
     * billionth of a 2e13 budget is 11,644 steps of 0.001 BTC; the noise, in steps, is the size in steps × entry /
     * |entry − stop| × 1.1e-16: 8.6e-7 for 45,814 steps of a stop 0.01 from 1,677.63, too much for the floor's own
     * millionth of a step); 0 when none. Entry 3, stop 2.9, budget 0.03, no fees: 0.3, whose exact loss is 0.03 (it was
     * 0.299: 0.3 × 0.10000000000000009 is above 0.03 in binary).
     */
    public static double qtyForRisk(double riskAmount, double lossPerUnit, Contract c) {
        double budget = riskAmount + Math.max(0, Math.min(riskAmount * BUDGET_TOLERANCE, 1e-3 * c.stepSize() * lossPerUnit));
        double qty = c.floorToStep(budget / lossPerUnit);
        // invariant: the rounded size never loses more than the budget beyond float noise (the floor keeps a value within
        // a millionth of a step of a whole step, which can be above the budget by far more than noise). Each pass lowers
        // qty strictly: past 2^53 steps, qty − step is qty itself in double and the loop never ended (size --equity 1e20
        // hung); there the step is below the double's resolution, so one ulp down is the next size
        while (qty > 0 && qty * lossPerUnit > budget) {
            qty = Math.min(c.floorToStep(qty - c.stepSize()), Math.nextDown(qty));
        }
        return qty;
    }

    /**
     * Calculates the size for a risk budget and checks it, in the contract's settlement currency (quote for linear, coin
     * for inverse; qty in base units, or USD of face for inverse).
     * <pre>
     * exit      = stop × (1 − side × slippage)                      (stop-market fill after slippage)
     * lossUnit  = −pnl(entry → exit) + fee × (notional(entry) + notional(exit))   per unit ({@link #lossPerUnit})
     * qty       = floor_step(riskAmount / lossUnit)
     * </pre>
     * Fixed-fractional sizing (R = the loss at the stop, fees included — DESIGN.md vocabulary); liquidation price from
     * {@link LiquidationPrice#isolated} (the venue's convention, isolated margin), tier by the venue's measure.
     */
    public static SizingResult size(SizingInput in, Instrument instrument) {
        Checks.notNull("input", in);
        Checks.notNull("instrument", instrument);
        Contract c = instrument.contract();
        ContractType type = c.type();
        RiskTiers tiers = instrument.tiers();
        Side side = in.side();
        int s = side.sign();
        double fee = Double.isNaN(in.takerFee()) ? c.takerFee() : in.takerFee();
        double exit = exitAtStop(side, in.stop(), in.slippage());
        // per unit of qty (base unit, or USD of face for inverse), in the settlement currency
        double priceLossUnit = -type.pnl(s, 1, in.entry(), in.stop());
        double slippageUnit = Math.abs(type.pnl(1, 1, in.stop(), exit));
        double feeUnit = fee * (type.notional(1, in.entry()) + type.notional(1, exit));
        double lossUnit = lossPerUnit(type, side, in.entry(), in.stop(), fee, in.slippage());
        double qtyUnrounded = in.riskAmount() / lossUnit;
        double qty = qtyForRisk(in.riskAmount(), lossUnit, c);
        double qtyBeforeCosts = qtyForRisk(in.riskAmount(), priceLossUnit, c);
        // the size is at most the largest the tiers allow at this leverage, min(budget's size, cap): above the largest
        // tier the liquidation price was computed off the table (a long liquidated at 108,000 from entry 60,000), and
        // inside the tiers at a leverage above the tier's maximum its margin is below the maintenance margin (equity 2e9
        // at 10x: 23,288.705 BTC liquidated at 71,803.8, above the 60,000 entry, while 5e10 was capped to 3,833.333 —
        // a larger budget bought a smaller size). The tier check says the budget's size and the cap
        double budgetMeasure = tierMeasure(instrument, qty, in.entry());
        double budgetQty = qty;
        double capMeasure = capMeasure(tiers, in.leverage());
        boolean capped = false;
        if (qty > 0 && aboveTiersAt(instrument, qty, in.entry(), in.leverage())) {
            qty = cappedToTiers(instrument, qty, in.entry(), in.leverage());
            capped = true;
            // the figures are the capped size's: the cap binds before costs too, and its unrounded size is the cap itself
            qtyUnrounded = budgetQty * (capMeasure / budgetMeasure);
            qtyBeforeCosts = qty;
        }
        double notional = type.notional(qty, in.entry());
        double margin = notional / in.leverage();
        double openingFee = notional * fee;
        double feesAtStop = qty * feeUnit;
        double slippageAtStop = qty * slippageUnit;
        double lossAtStop = qty * lossUnit;
        // the tier is the venue's measure of the size at entry (notional in the settlement currency, or contracts)
        double measure = tierMeasure(instrument, qty, in.entry());
        List<SizingCheck> checks = new ArrayList<>();

        Object[] perUnit = {"riskAmount", in.riskAmount(), "symbol", c.symbol(), "stepSize", c.stepSize(), "lossPerUnit", lossUnit,
                "priceMovePerUnit", priceLossUnit, "slippagePerUnit", slippageUnit, "feesPerUnit", feeUnit,
                "qtyUnrounded", in.riskAmount() / lossUnit, "qty", budgetQty, "currency", c.settlementCurrency(), "contractSize", c.contractSize(),
                "contractType", type.label()};
        if (capped) {
            // the size check derives the budget's size; the tier check says why it is not the size
            perUnit = java.util.Arrays.copyOf(perUnit, perUnit.length + 2);
            perUnit[perUnit.length - 2] = "cappedQty";
            perUnit[perUnit.length - 1] = qty;
        }
        if (qty <= 0) {
            checks.add(SizingCheck.fail("size", SizingCheck.Reason.SIZE_BELOW_ONE_STEP, perUnit));
            return new SizingResult(c.symbol(), side, in.equity(), in.riskAmount(), in.entry(), in.stop(), exit,
                    in.leverage(), fee, in.slippage(), qtyBeforeCosts, qtyUnrounded, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, in.buffer(), Double.NaN, Double.NaN, 0,
                    in.available(), checks, false);
        }
        checks.add(SizingCheck.pass("size", SizingCheck.Reason.SIZE_FROM_BUDGET, perUnit));

        boolean minOk = qty >= c.minQty() && notional >= c.minNotional();
        checks.add(SizingCheck.of("minimums", minOk, minOk ? SizingCheck.Reason.MINIMUMS_MET : SizingCheck.Reason.MINIMUMS_NOT_MET,
                "qty", qty, "notional", notional, "symbol", c.symbol(), "minQty", c.minQty(), "minNotional", c.minNotional(),
                "smallestQty", c.minQtyFor(in.entry()), "riskAtSmallestQty", c.minQtyFor(in.entry()) * lossUnit,
                "currency", c.settlementCurrency(), "contractSize", c.contractSize(), "contractType", type.label()));

        // liquidation and the stop buffer (the venue's isolated liquidation price)
        LiquidationResult lr = liquidation(instrument, side, qty, in.entry(), in.leverage());
        double lp = roundedLiquidationPrice(instrument, lr, side, in.entry());
        double toLiq = Double.isFinite(lp) ? s * (in.stop() - lp) : Double.POSITIVE_INFINITY;
        double buffer = stopBuffer(side, in.entry(), in.stop(), lp);
        boolean inTiers = measure <= tiers.maxNotional();
        double tierMax = inTiers ? tiers.maxLeverageFor(measure) : Double.NaN;
        // the stop-market fills at the slipped exit: liquidation must lie beyond that fill, not only beyond the stop
        double slippageBuffer = stopBuffer(side, in.entry(), in.stop(), exit);
        double required = requiredBuffer(in.buffer(), slippageBuffer);
        LeverageSearch search = inTiers ? maxSafeLeverage(instrument, side, qty, in.entry(), in.stop(), required)
                : new LeverageSearch(Double.NaN, 0);
        boolean bufferOk = keepsBuffer(buffer, required);
        Object[] liq = {"liquidationPrice", lp, "distanceToLiquidationPct", (lp - in.entry()) / in.entry() * 100,
                "stopToLiquidation", toLiq, "stop", in.stop(), "buffer", buffer, "requiredBuffer", in.buffer(),
                "exitPriceAtStop", exit, "slippageBuffer", slippageBuffer,
                "maxSafeLeverage", search.leverage(), "priceDecimals", c.priceDecimals()};
        LiquidationResult gain = gainSideLiquidation(instrument, side, qty, in.entry(), in.leverage());
        if (gain.exists()) {
            double gp = roundedLiquidationPrice(instrument, gain, side, in.entry());
            Object[] figures = Arrays.copyOf(liq, liq.length + 10);
            Object[] more = {"gainSideLiquidationPrice", gp, "gainSideDistancePct", (gp - in.entry()) / in.entry() * 100,
                    "gainSideLiquidationTier", gain.bracket().bracket(), "gainSideTierRate", gain.bracket().maintenanceMarginRate(),
                    "byRise", !gain.byFall()};
            System.arraycopy(more, 0, figures, liq.length, more.length);
            checks.add(SizingCheck.fail("stopBeforeLiquidation", SizingCheck.Reason.LIQUIDATION_ON_GAIN_SIDE, figures));
        } else if (bufferOk && Double.isFinite(lp)) {
            checks.add(SizingCheck.pass("stopBeforeLiquidation", SizingCheck.Reason.STOP_BEFORE_LIQUIDATION, liq));
        } else if (bufferOk) {
            checks.add(SizingCheck.pass("stopBeforeLiquidation", SizingCheck.Reason.NO_LIQUIDATION_PRICE, liq));
        } else if (keepsBuffer(buffer, in.buffer())) {
            // --buffer below the slippage: the stop comes first, its fill after liquidation (32x, --buffer 0: stop 58,400,
            // fill 58,341.6, liquidation 58,358.5 — reported OK)
            checks.add(SizingCheck.fail("stopBeforeLiquidation", SizingCheck.Reason.FILL_BEYOND_LIQUIDATION, liq));
        } else {
            checks.add(SizingCheck.fail("stopBeforeLiquidation", SizingCheck.Reason.LIQUIDATION_TOO_CLOSE, liq));
        }

        // tier: the leverage must be allowed for this notional
        if (capped && budgetMeasure > tiers.maxNotional()) {
            checks.add(SizingCheck.fail("tier", SizingCheck.Reason.TIER_ABOVE_CAP, "notional", budgetMeasure, "symbol", c.symbol(),
                    "tierCap", tiers.maxNotional(), "tierUnit", tierUnit(instrument), "budgetQty", budgetQty, "cappedQty", qty,
                    "cappedNotional", measure, "leverage", in.leverage()));
        } else if (capped) {
            // the budget's size is in a tier whose maximum leverage is below the leverage: said of the budget's size
            LeverageBracket b = tiers.bracketFor(budgetMeasure);
            checks.add(SizingCheck.fail("tier", SizingCheck.Reason.TIER_ABOVE_MAXIMUM, "notional", budgetMeasure, "tierUnit", tierUnit(instrument),
                    "tier", b.bracket(), "notionalFloor", b.notionalFloor(), "notionalCap", b.notionalCap(), "tierMaxLeverage", b.maxLeverage(),
                    "leverage", in.leverage(), "maxNotionalAtLeverage", capMeasure, "budgetQty", budgetQty, "cappedQty", qty,
                    "cappedNotional", measure));
        } else if (!inTiers) {
            checks.add(SizingCheck.fail("tier", SizingCheck.Reason.TIER_ABOVE_CAP, "notional", measure, "symbol", c.symbol(),
                    "tierCap", tiers.maxNotional(), "tierUnit", tierUnit(instrument)));
        } else {
            LeverageBracket b = tiers.bracketFor(measure);
            Object[] tier = {"notional", measure, "tierUnit", tierUnit(instrument), "tier", b.bracket(), "notionalFloor", b.notionalFloor(), "notionalCap", b.notionalCap(),
                    "tierMaxLeverage", b.maxLeverage(), "leverage", in.leverage(), "maxNotionalAtLeverage", tiers.maxNotionalAtLeverage(in.leverage())};
            checks.add(in.leverage() <= b.maxLeverage() ? SizingCheck.pass("tier", SizingCheck.Reason.TIER_ALLOWS, tier)
                    : SizingCheck.fail("tier", SizingCheck.Reason.TIER_ABOVE_MAXIMUM, tier));
        }

        // margin: initial margin plus the opening fee must fit the available balance
        double need = margin + openingFee;
        boolean fits = need <= in.available();
        checks.add(SizingCheck.of("margin", fits, fits ? SizingCheck.Reason.MARGIN_FITS : SizingCheck.Reason.MARGIN_ABOVE_AVAILABLE,
                "margin", margin, "openingFee", openingFee, "marginAndFee", need, "available", in.available(),
                "currency", c.settlementCurrency()));

        boolean ok = checks.stream().allMatch(SizingCheck::passed);
        return new SizingResult(c.symbol(), side, in.equity(), in.riskAmount(), in.entry(), in.stop(), exit,
                in.leverage(), fee, in.slippage(), qtyBeforeCosts, qtyUnrounded, qty, budgetQty, notional, margin, openingFee,
                feesAtStop, slippageAtStop, lossAtStop, lossAtStop / in.equity() * 100, lp,
                Double.isFinite(lp) ? (lp - in.entry()) / in.entry() * 100 : Double.NaN,
                toLiq, buffer, in.buffer(), tierMax, search.leverage(), search.evaluations(), in.available(), checks, ok);
    }

    //-------------------------------------------------------------------------
    /**
     * Finds the highest whole leverage at which a position of {@code qty} keeps its liquidation price at least
     * {@code buffer} × |entry − stop| beyond the stop (and strictly beyond it).
     * <p>Solver: binary search over the integers 1..Lmax, where Lmax is the tier maximum for the notional (exchanges
     * set leverage in whole numbers). It relies on the buffer falling monotonically as leverage rises — less isolated
     * margin can only bring the liquidation price closer to the entry. The answer is exact (no tolerance); evaluations
     * are at most ⌈log₂ Lmax⌉ + 2 (9 for 125×).
     *
     * @return the leverage, NaN when even 1× does not keep the buffer, with the number of evaluations
     */
    public static LeverageSearch maxSafeLeverage(Instrument instrument, Side side, double qty, double entry, double stop,
                                                 double buffer) {
        Checks.positive("qty", qty);
        double distance = Math.abs(entry - stop);
        int lmax = (int) Math.min(MAX_LEVERAGE, Math.floor(instrument.tiers().maxLeverageFor(tierMeasure(instrument, qty, entry))));
        int evaluations = 0;
        evaluations++;
        if (!keepsBufferAt(instrument, side, qty, entry, stop, distance, buffer, 1)) {
            return new LeverageSearch(Double.NaN, evaluations);
        }
        evaluations++;
        if (keepsBufferAt(instrument, side, qty, entry, stop, distance, buffer, lmax)) {
            return new LeverageSearch(lmax, evaluations);
        }
        int lo = 1;    // invariant: keeps the buffer
        int hi = lmax; // invariant: does not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            evaluations++;
            if (keepsBufferAt(instrument, side, qty, entry, stop, distance, buffer, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new LeverageSearch(lo, evaluations);
    }

    /**
     * The largest size, in the venue's tier measure, the tiers allow at {@code leverage}: the cap of the last tier whose
     * maximum leverage reaches it ({@link RiskTiers#maxNotionalAtLeverage}); the largest tier's cap where none does.
     */
    static double capMeasure(RiskTiers tiers, double leverage) {
        double cap = tiers.maxNotionalAtLeverage(leverage);
        return cap > 0 ? cap : tiers.maxNotional();
    }

    /**
     * True when {@code qty} at {@code entry} is above what the tiers allow at {@code leverage} — above the largest tier, or in
     * a tier whose maximum leverage is below it — so a budget's size is capped ({@link #cappedToTiers}), as {@code size} and
     * {@code check} cap it.
     */
    public static boolean aboveTiersAt(Instrument instrument, double qty, double entry, double leverage) {
        return tierMeasure(instrument, qty, entry) > capMeasure(instrument.tiers(), leverage);
    }

    /** {@code qty} capped to the largest size, on the contract's step, the tiers allow at {@code leverage} (itself when within). */
    public static double cappedToTiers(Instrument instrument, double qty, double entry, double leverage) {
        return aboveTiersAt(instrument, qty, entry, leverage) ? maxQtyWithin(instrument, entry, capMeasure(instrument.tiers(), leverage)) : qty;
    }

    /**
     * The largest size on the contract's step whose tier measure at {@code entry} is at most {@code capMeasure}: what the
     * tiers allow at a leverage ({@link RiskTiers#maxNotionalAtLeverage}). It does not depend on a budget, so
     * min(budget's size, this) grows with the budget.
     */
    static double maxQtyWithin(Instrument instrument, double entry, double capMeasure) {
        Contract c = instrument.contract();
        double q = c.floorToStep(capMeasure / tierMeasure(instrument, 1, entry));
        // the measure is linear in qty up to rounding: settle the last step either way
        while (q > 0 && tierMeasure(instrument, q, entry) > capMeasure) {
            q = Math.min(c.floorToStep(q - c.stepSize()), Math.nextDown(q));
        }
        while (tierMeasure(instrument, c.floorToStep(q + c.stepSize()), entry) <= capMeasure && c.floorToStep(q + c.stepSize()) > q) {
            q = c.floorToStep(q + c.stepSize());
        }
        return q;
    }

    /**
     * The isolated liquidation price of a fresh position, rounded to the tick toward the entry; NaN when no price
     * liquidates it.
     */
    public static double liquidationPrice(Instrument instrument, Side side, double qty, double entry, double leverage) {
        return roundedLiquidationPrice(instrument, liquidation(instrument, side, qty, entry, leverage), side, entry);
    }

    /** The isolated liquidation of a fresh position by its venue's rule, with its tier and the way the mark reaches it. */
    public static LiquidationResult liquidation(Instrument instrument, Side side, double qty, double entry, double leverage) {
        Position pos = Position.isolated(instrument.symbol(), side, qty, entry, leverage, instrument.contract().type());
        return LiquidationPrice.isolated(pos, instrument);
    }

    /** {@code lr}'s price rounded to the tick toward the entry, as the mark reaches it (NaN when none). */
    public static double roundedLiquidationPrice(Instrument instrument, LiquidationResult lr, Side side, double entry) {
        return MarginCalculator.roundTowardEntry(instrument.contract(), lr.price(), lr.exists() ? lr.byFall() : side == Side.LONG, entry);
    }

    /**
     * The level a fresh position's gain carries it to ({@link MarginConvention.Reach#GAIN_SIDE}): a linear long rising (an
     * inverse short falling) across a cap into a tier whose rate on the whole value puts the ratio at 100 %, before any
     * other level that way; {@link LiquidationResult#NEVER} when none. The stop, on the other side, cannot prevent it, so
     * {@code size} and {@code check} fail a size that has one as a liquidation risk, whichever level is nearer.
     */
    public static LiquidationResult gainSideLiquidation(Instrument instrument, Side side, double qty, double entry, double leverage) {
        Position pos = Position.isolated(instrument.symbol(), side, qty, entry, leverage, instrument.contract().type());
        return LiquidationPrice.isolated(pos, instrument, MarginConvention.Reach.GAIN_SIDE);
    }

    /** The venue's tier measure of a fresh position at entry: notional in the settlement currency, or contracts (OKX). */
    public static double tierMeasure(Instrument instrument, double qty, double entry) {
        return instrument.convention().tierMeasure(instrument.terms(), qty, entry);
    }

    /** What the tier measure counts: the settlement currency, or "contracts". */
    public static String tierUnit(Instrument instrument) {
        return instrument.tierUnit();
    }

    private static boolean keepsBufferAt(Instrument instrument, Side side, double qty, double entry, double stop,
                                         double distance, double buffer, double leverage) {
        return keepsBuffer(stopBuffer(side, entry, stop, liquidationPrice(instrument, side, qty, entry, leverage)), buffer)
                && !gainSideLiquidation(instrument, side, qty, entry, leverage).exists();
    }

    /**
     * How far beyond the stop liquidation lies, in entry→stop distances: positive when the stop comes first, ≤ 0 when
     * liquidation is reached at or before it (a long's liquidation at or above its stop), +∞ when no price liquidates.
     * The one rule of {@code size}, {@code check} and {@code replay}.
     */
    public static double stopBuffer(Side side, double entry, double stop, double liquidationPrice) {
        double toLiq = Double.isFinite(liquidationPrice) ? side.sign() * (stop - liquidationPrice) : Double.POSITIVE_INFINITY;
        return toLiq / Math.abs(entry - stop);
    }

    /**
     * The buffer a size must keep: the one asked for, and strictly more than the slippage of the stop's fill
     * ({@code slippageBuffer}, in stop distances: {@link #stopBuffer} of the slipped exit), so the stop-market order fills
     * before the liquidation price is reached.
     */
    public static double requiredBuffer(double buffer, double slippageBuffer) {
        return buffer > slippageBuffer ? buffer : Math.nextUp(slippageBuffer);
    }

    /** The stop comes strictly before liquidation and at least {@code required} stop distances before it. */
    public static boolean keepsBuffer(double buffer, double required) {
        return buffer > 0 && buffer >= required;
    }
}
