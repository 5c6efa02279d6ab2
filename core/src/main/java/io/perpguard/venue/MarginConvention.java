package io.perpguard.venue;

import io.perpguard.InvalidInputException;

import java.util.List;

/**
 * One venue's margin rules for one contract type: how maintenance margin is valued and which tier applies,
 * the liquidation and bankruptcy price (isolated, cross, one-way and hedge legs), whether fees sit inside the
 * liquidation price, the margin ratio as the venue defines it, and what is an estimate. Engines ask the
 * convention; no other code knows which exchange it prices.
 * <p>Amounts are in the contract's settlement currency (quote for linear, coin for inverse); quantities are base
 * units (linear) or USD face = contracts × contract size (inverse).
 */
public interface MarginConvention {

    /** How the tier is chosen. */
    enum TierBasis {
        /** the tier the notional <em>at the price in question</em> falls in (at the liquidation price: iterate) */
        AT_PRICE,
        /** the tier of the position value at entry (plus open orders, which perpguard does not model) */
        AT_ENTRY,
        /** the tier of the position size in contracts */
        BY_CONTRACTS
    }

    /**
     * What a convention needs to know of a contract.
     *
     * @param tiers        the tier table (measure per {@link #tierBasis()})
     * @param contractSize base units (linear) or USD (inverse) per contract; 0 when the venue counts in base units
     * @param takerFee     taker fee rate (for venues that put a closing fee in the liquidation price)
     */
    record Terms(TierTable tiers, double contractSize, double takerFee) {
    }

    /**
     * A solved liquidation price.
     *
     * @param price  exact price before tick rounding, NaN when no positive price liquidates
     * @param tiers  tier index (0-based) of each active leg (order both, long, short)
     * @param byFall whether the mark reaches it falling (the safe side lies above it): a long's, a short's at an inverse
     *               cap; false when a rise reaches it (a short's, a linear long's at a cap its gain carries it across)
     */
    record Solution(double price, int[] tiers, boolean byFall) {
        public static final Solution NEVER = new Solution(Double.NaN, new int[0], true);

        public boolean exists() {
            return Double.isFinite(price);
        }
    }

    /** Where the venue sets a position's margin mode (cross or isolated). */
    enum MarginModeScope {
        /** each position its own: a symbol's long and short hedge legs may be one cross, the other isolated */
        POSITION,
        /** per symbol: both hedge legs of a symbol share one margin mode */
        SYMBOL,
        /** account-wide: every position of the account in one margin mode (a cross and an isolated symbol are no account there) */
        ACCOUNT
    }

    /** Where this venue sets the margin mode: per position, per symbol (both hedge legs share it) or for the whole account. */
    MarginModeScope marginModeScope();

    /**
     * The step the venue sets leverage in: 1 where it takes whole numbers only, 0.01 for hundredths, 0 where it takes any
     * decimal. A leverage a user gives off it is refused as input ({@code Instrument.requireLeverageStep}); the leverage a
     * venue reports for a held position is read as it comes.
     */
    double leverageStep();

    /** Whether {@code leverage} is a multiple of {@link #leverageStep} (always, where the step is 0). */
    default boolean onLeverageStep(double leverage) {
        double step = leverageStep();
        if (step == 0) {
            return true;
        }
        double n = leverage / step;   // 10.55 / 0.01 = 1055.0000000000002: a multiple within rounding
        return Math.abs(n - Math.rint(n)) <= 1e-9 * Math.max(1, Math.abs(n));
    }

    /** The stable id (venue × contract type) front ends key this convention's words by. */
    ConventionId id();

    Exchange exchange();

    ContractType contractType();

    TierBasis tierBasis();

    /**
     * The funding intervals the venue settles this contract type at, hours, ascending: a funding schedule it does not use
     * (5 h) is a mistyped input, not a carry to compute.
     */
    java.util.List<Integer> fundingIntervalsHours();

    /** The tier measure of a position at {@code price}: notional in the settlement currency, or contracts. */
    double tierMeasure(Terms t, double qty, double price);

    /** Index of the tier that prices a leg when the mark is {@code price}. */
    int tier(Terms t, double qty, double entry, double price);

    /** Maintenance margin of one leg when the mark is {@code price} (the venue's valuation and tier). */
    double maintenanceMargin(Terms t, double qty, double entry, double price);

    /**
     * The venue's whole maintenance requirement for a symbol's legs at {@code price} given the margin
     * {@code base} behind them (adds fee terms some venues count, e.g. Bybit inverse's closing fee at bankruptcy).
     */
    double requirement(Terms t, double base, Legs legs, double price);

    /**
     * Isolated liquidation price of one position.
     *
     * @param initialMargin entry notional / leverage, settlement currency
     * @param marginAdded   margin added (+) or removed / funding paid (−)
     */
    Solution isolated(Terms t, int sign, double qty, double entry, double initialMargin, double marginAdded, double mark);

    /**
     * Which liquidation level of legs a solve returns. Where a tier table applies each rate to the whole value, a position
     * can have one on either side of its mark: the way it loses, and where its gain carries its value across a cap into a
     * tier whose rate exceeds its margin (a linear long rising, an inverse short falling).
     */
    enum Reach {
        /** the first price, moving from the mark either way, at which the venue liquidates ({@link #isolated}, {@link #cross}) */
        NEAREST,
        /** the level the legs reach as they lose, a gain-side cap left out: what a bar's adverse extreme reaches (replay, simulate, the liquidation map) */
        LOSS_SIDE,
        /** the cap the legs' gain carries them across, when one liquidates before any other level that way; none otherwise */
        GAIN_SIDE
    }

    /**
     * The liquidation level of {@code legs} backed by {@code base} (isolated: {@link #isolatedBase}; cross: wallet − other
     * maintenance + other PnL) that {@code reach} names.
     */
    Solution level(Terms t, double base, Legs legs, double mark, Reach reach);

    /** Margin behind an isolated position as this venue counts it (Bybit unified: added margin net of the closing fee). */
    double isolatedBase(Terms t, int sign, double initialMargin, double marginAdded);

    /**
     * Cross liquidation price of one symbol's legs, every other cross position held at its mark.
     *
     * @param wallet            cross wallet balance
     * @param otherMaintenance  maintenance margin of the other cross symbols (TMM₁)
     * @param otherUnrealizedPnl their unrealized PnL (UPNL₁)
     */
    Solution cross(Terms t, double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs, double mark);

    /**
     * {@link #cross} where the margin behind the legs also holds g·x at the solved price P, x the contract's own variable
     * (P linear, 1/P inverse; g = {@code equityPerPrice}): collateral whose value moves with the contract — a linear
     * contract's own coin, worth g·P in the quote; other assets beside an inverse contract whose settlement coin moves,
     * worth g/P in the coin. The margin solves wallet + UPNL₁ + PnL(P) + g·x = MM(P) − TMM₁, still in closed form;
     * g = 0 is {@link #cross}.
     */
    default Solution cross(Terms t, double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs, double mark,
                           double equityPerPrice) {
        if (equityPerPrice == 0) {
            return cross(t, wallet, otherMaintenance, otherUnrealizedPnl, legs, mark);
        }
        throw new UnsupportedOperationException("this convention solves no equity moving with the price");
    }

    /**
     * The part of {@link #requirement} beyond the legs' maintenance margins (a fee term, 0 for most venues), given
     * the margin {@code base} behind the legs.
     */
    double extraRequirement(Terms t, double base, Legs legs);

    /**
     * Price at which the margin behind the legs — {@code wallet} plus the other positions' PnL — is used up (fees
     * as the venue counts them).
     */
    double bankruptcy(Terms t, double wallet, double otherUnrealizedPnl, Legs legs);

    /** Margin ratio as the venue defines it, from maintenance requirement and margin balance. */
    double marginRatio(double requirement, double balance);

    /** True when the venue's ratio is balance over requirement (OKX: higher is safer, liquidation at ≤ 100 %). */
    boolean higherRatioIsSafer();

    /** True when the position is liquidated at this ratio. */
    default boolean liquidatedAt(double ratio) {
        return higherRatioIsSafer() ? ratio <= 1 : ratio >= 1;
    }

    /** Whether a closing or taker fee term is inside the liquidation price. */
    boolean closingFeeInLiquidation();

    /** Whether the taker fee is added to every tier's maintenance rate (OKX: maintenance margin = value × (MMR + taker)). */
    boolean takerFeeInMaintenanceRate();

    /** What the venue keeps, beyond the loss to the closing price, when it liquidates a position. */
    enum LiquidationTake {
        /** closed where liquidated; a clearance fee of the contract's rate on the notional there, out of the margin left (Binance "Liquidation Protocols") */
        CLEARANCE_FEE,
        /** closed where liquidated; a liquidation fee of position value × taker rate, out of the margin left (OKX margin ratio's "Liquidation Fee") */
        TAKER_FEE,
        /** taken over at the bankruptcy price, the margin left to the insurance fund (Bybit "Liquidation Process"; XT: "loses all the maintenance margin") */
        REMAINING_MARGIN;

        /** The fee rate on the notional at liquidation (0 when the venue keeps all the margin left instead). */
        public double rate(double clearanceRate, double takerFee) {
            return switch (this) {
                case CLEARANCE_FEE -> clearanceRate;
                case TAKER_FEE -> takerFee;
                case REMAINING_MARGIN -> 0;
            };
        }

        /** Whether the venue keeps all the margin left. */
        public boolean takesRemainingMargin() {
            return this == REMAINING_MARGIN;
        }

        /**
         * The one rule of what a liquidation takes, on primitives (the array kernels flatten {@link #rate} and
         * {@link #takesRemainingMargin} once): all the margin left, or {@code notional × rate}, never more than the
         * margin left.
         */
        public static double fee(boolean takesRemainingMargin, double rate, double notional, double marginLeft) {
            double left = Math.max(0, marginLeft);
            return takesRemainingMargin ? left : Math.min(notional * rate, left);
        }
    }

    /**
     * One leg's share of what legs liquidated together at one level lose (hedge legs of a symbol in one cross wallet):
     * its own price move to the level ({@code legMove}, a loss positive, a gain negative) plus the rest of the legs' loss
     * beyond their summed moves — what the venue takes, or what the margin balance caps — in proportion to its notional
     * there, as {@code LiquidationSettlement} spreads a cross liquidation. The legs' shares sum to the legs' loss, counted
     * once; a leg alone (one-way, isolated) is its whole loss.
     * <pre>share = legMove + (loss − Σ move) × legNotional / Σ notional</pre>
     */
    static double legShare(double legMove, double legNotional, double move, double notional, double loss) {
        return legMove + (loss - move) * (notional > 0 ? legNotional / notional : 0);
    }

    /** How this venue settles a liquidation. */
    LiquidationTake liquidationTake();

    /**
     * What the venue keeps beyond the loss to the closing price when it liquidates {@code notional} (settlement currency,
     * at the closing price) with {@code marginLeft} of margin left there: never more than that margin.
     *
     * @param clearanceRate the contract's liquidation clearance fee rate (Binance's, per symbol)
     */
    default double liquidationFee(Terms t, double notional, double clearanceRate, double marginLeft) {
        LiquidationTake take = liquidationTake();
        return LiquidationTake.fee(take.takesRemainingMargin(), take.rate(clearanceRate, t.takerFee()), notional, marginLeft);
    }

    /**
     * This convention for one contract as primitives, read once when an array kernel ({@code margin.fast},
     * {@code sim}) is set up: with them the kernels evaluate {@link #maintenanceMargin}, {@link #isolatedBase},
     * {@link #isolated}, {@link #cross}, {@link #bankruptcy} and {@link #liquidationFee} over plain arrays (tested equal to
     * this convention's figures on random accounts of every venue).
     *
     * @param clearanceRate the contract's liquidation clearance fee rate
     */
    Flat flat(Terms t, double clearanceRate);

    /**
     * A convention's rule as primitives (see {@link #flat}).
     *
     * @param linear               linear contract (quantity in base, amounts in quote); else inverse (quantity as USD face,
     *                             amounts in coin: notional = qty / price, PnL = side × qty × (1/entry − 1/price))
     * @param basis                how the tier is chosen
     * @param valueAtEntry         maintenance margin valued at the entry notional instead of at the price
     * @param rateAdd              added to every tier's maintenance rate (OKX: the taker fee), else 0
     * @param addedDivisorLong     margin added counts as added / this for a long ({@link #isolatedBase}; 1 for most venues)
     * @param addedDivisorShort    the same for a short
     * @param contractSize         base units (USD face) per contract, for a tier {@link TierBasis#BY_CONTRACTS} (0: base units)
     * @param bankruptcyFeeRate    the closing fee rate at the bankruptcy price counted in the requirement and the
     *                             bankruptcy price (Bybit inverse: the taker fee), else 0
     * @param takesRemainingMargin {@link LiquidationTake#takesRemainingMargin}
     * @param liquidationFeeRate   {@link LiquidationTake#rate}
     */
    record Flat(boolean linear, TierBasis basis, boolean valueAtEntry, double rateAdd, double addedDivisorLong,
                double addedDivisorShort, double contractSize, double bankruptcyFeeRate, boolean takesRemainingMargin,
                double liquidationFeeRate) {
        /** The divisor of margin added for a position of side {@code sign} (+1 long, −1 short). */
        public double addedDivisor(int sign) {
            return sign > 0 ? addedDivisorLong : addedDivisorShort;
        }

        /** The tier measure of {@code qty} at {@code price}: contracts, or the notional ({@link ContractType#notional}). */
        public double tierMeasure(double qty, double price) {
            return basis == TierBasis.BY_CONTRACTS ? (contractSize > 0 ? qty / contractSize : qty) : type().notional(qty, price);
        }

        /** How the contract settles: {@link ContractType#LINEAR} or {@link ContractType#INVERSE}. */
        public ContractType type() {
            return linear ? ContractType.LINEAR : ContractType.INVERSE;
        }
    }

    /**
     * Whether the venue lets several assets back one cross margin (Binance USDⓈ-M Multi-Assets mode, Bybit's unified
     * account, OKX's multi-currency margin): then an account's cross positions may be priced on a {@code margin.CollateralPool}, each asset valued by
     * its {@link CollateralRule}, liquidation account-wide at margin ratio 100 %.
     */
    default boolean sharesCollateral() {
        return false;
    }

    /**
     * The margin added to an isolated position that stays with it when the position is reduced from {@code qty} to
     * {@code left} (same units): released with the size, pro rata, as the initial margin of the closed part is — Binance
     * USDⓈ-M releases an isolated position's margin pro rata on a partial close; no venue perpguard prices is documented
     * otherwise, so every convention keeps this rule (a venue that differs overrides it here).
     */
    default double marginAddedLeft(double marginAdded, double qty, double left) {
        return marginAdded * left / qty;   // pro rata with the size (Binance isolated partial close)
    }

    /** What is an estimate in this mode, as codes (empty when the venue publishes the rule). */
    List<Estimate> estimates(boolean cross);

    /** Whether quantities on this venue are whole contracts (XT, OKX, inverse contracts). */
    boolean countsInContracts();

    /** The convention of {@code exchange} for {@code type}; a clear message when the venue has no such contracts. */
    static MarginConvention of(Exchange exchange, ContractType type) {
        MarginConvention c = Conventions.find(exchange, type);
        if (c == null) {
            throw new InvalidInputException("exchange", exchange.displayName() + " lists no " + type.label() + " perpetuals"
                    + (exchange == Exchange.BINANCE ? "; use --exchange binance-coinm for coin-margined contracts"
                    : exchange == Exchange.BINANCE_COINM ? "; use --exchange binance for USDⓈ-M contracts" : ""));
        }
        return c;
    }
}
