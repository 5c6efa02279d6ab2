package io.perpguard.instrument;

import io.perpguard.Checks;

import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import io.perpguard.venue.MarginConvention;

import java.math.BigDecimal;

/**
 * A perpetual contract's trading rules: its venue, how it settles (linear or inverse) and its increments.
 *
 * @param symbol                 e.g. {@code BTCUSDT}
 * @param tickSize               price increment, quote currency (&gt; 0)
 * @param stepSize               quantity increment, base units (&gt; 0)
 * @param minQty                 smallest order quantity, base units (&ge; 0)
 * @param minNotional            smallest order notional, quote currency (&ge; 0)
 * @param takerFee               taker fee as a fraction of notional (0.0005 = 0.05 %)
 * @param makerFee               maker fee as a fraction of notional (may be negative for rebates)
 * @param fundingIntervalHours   hours between funding payments (8 by default; 4 h and 1 h contracts exist)
 * @param liquidationFeeRate     the venue's liquidation clearance fee as a fraction of the notional at liquidation
 * @param exchange               the venue whose rules price it
 * @param type                   linear (quantity in base, amounts in quote) or inverse (quantity as USD face, amounts in coin)
 * @param contractSize           base units (linear) or USD face (inverse) per contract; 0 when the venue counts in base units
 * @param settlementCurrency     the currency of margin, PnL and fees (USDT, BTC, ...)
 */
public record Contract(String symbol, double tickSize, double stepSize, double minQty, double minNotional,
                       double takerFee, double makerFee, int fundingIntervalHours, double liquidationFeeRate,
                       Exchange exchange, ContractType type, double contractSize, String settlementCurrency) {
    /** A Binance USDⓈ-M linear contract settled in USDT, quantities in base units. */
    public Contract(String symbol, double tickSize, double stepSize, double minQty, double minNotional,
                    double takerFee, double makerFee, int fundingIntervalHours, double liquidationFeeRate) {
        this(symbol, tickSize, stepSize, minQty, minNotional, takerFee, makerFee, fundingIntervalHours, liquidationFeeRate,
                Exchange.BINANCE, ContractType.LINEAR, 0, "USDT");
    }

    public Contract {
        Checks.notBlank("symbol", symbol);
        Checks.positive("tickSize", tickSize);
        Checks.positive("stepSize", stepSize);
        Checks.notNegative("minQty", minQty);
        Checks.notNegative("minNotional", minNotional);
        Checks.inRange("takerFee", takerFee, 0, 0.05);
        Checks.inRange("makerFee", makerFee, -0.05, 0.05);
        if (fundingIntervalHours < 1 || fundingIntervalHours > 24) {
            throw new io.perpguard.InvalidInputException("fundingIntervalHours", fundingIntervalHours + " is outside 1 to 24");
        }
        Checks.inRange("liquidationFeeRate", liquidationFeeRate, 0, 0.1);
        Checks.notNull("exchange", exchange);
        Checks.notNull("type", type);
        Checks.notNegative("contractSize", contractSize);
        if (type == ContractType.INVERSE && contractSize <= 0) {
            throw new io.perpguard.InvalidInputException("contractSize", symbol + " is inverse and needs its USD face value per contract");
        }
        Checks.notBlank("settlementCurrency", settlementCurrency);
    }

    /** The same rules with a new venue identity (exchange, type, contract size, settlement currency). */
    public Contract on(Exchange ex, ContractType t, double size, String currency) {
        return new Contract(symbol, tickSize, stepSize, minQty, minNotional, takerFee, makerFee, fundingIntervalHours,
                liquidationFeeRate, ex, t, size, currency);
    }

    /** The same rules with other fees. */
    public Contract withFees(double taker, double maker, double liquidationFee) {
        return new Contract(symbol, tickSize, stepSize, minQty, minNotional, taker, maker, fundingIntervalHours,
                liquidationFee, exchange, type, contractSize, settlementCurrency);
    }

    /** The margin convention of this contract's venue and type. */
    public MarginConvention convention() {
        return MarginConvention.of(exchange, type);
    }

    /** Quantity (base units, or USD face for inverse) of a number of contracts. */
    public double qtyOfContracts(double contracts) {
        return contractSize > 0 ? decimal(contracts, contractSize, true) : contracts;
    }

    /**
     * {@code a + b} of the two decimals the doubles print as, as the nearest double: what a fill or a reduce does to a held
     * size. A venue's sizes are decimals (whole steps of its lot), and the double sum drifts off them: 1.2 − 0.3 is 0.9 as
     * the venue holds it, not 0.8999999999999999; sizes brought back to what they were started from land on it, and on
     * exactly 0. Non-finite values as doubles compute them.
     */
    public static double addSizes(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return a + b;
        }
        return BigDecimal.valueOf(a).add(BigDecimal.valueOf(b)).doubleValue();
    }

    /**
     * {@code a × b} or {@code a / b} of the two decimals the doubles print as, as the nearest double: 7 contracts of 0.1 ETH
     * are 0.7 ETH, not 0.7000000000000001, and 0.3 LTC is 3 contracts of 0.1, not 2.9999999999999996 (a size is counted in
     * decimals; binary noise would leave the engine as a size off the venue's step). Non-finite values as doubles compute them.
     */
    private static double decimal(double a, double b, boolean times) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return times ? a * b : a / b;
        }
        BigDecimal x = BigDecimal.valueOf(a), y = BigDecimal.valueOf(b);
        return (times ? x.multiply(y) : x.divide(y, java.math.MathContext.DECIMAL64)).doubleValue();
    }

    /**
     * The quantity (base units, or USD face for inverse) of a plan sized in {@code contracts}: contracts × contract size,
     * held to the venue's lots as {@code calc --contracts} holds them ({@link #requireWholeLots}: 1.5 BTC-USDT-SWAP is an
     * OKX position, 2.5 BTCUSD_PERP no COIN-M one). Refused in one line where the venue counts in base units (Binance
     * USDⓈ-M, Bybit linear: no contract size to map a count to), and for 0 or a negative count ({@link Checks#contracts}).
     */
    public double qtyOfPlanContracts(String field, double contracts) {
        Checks.contracts(field, contracts);
        if (contractSize <= 0) {
            throw new io.perpguard.InvalidInputException(field, symbol + " on " + exchange.displayName()
                    + " is sized in base units, not contracts: give qty (base units) or riskPct");
        }
        return qtyOfContracts(requireWholeLots(field, contracts));
    }

    /**
     * The position quantity (base units, or USD face for inverse) from exactly one of {@code qty} (base units),
     * {@code contracts} (whole contracts) or {@code notional} (settlement currency at entry, linear only).
     */
    public double quantity(Double qty, Double contracts, Double notional, double entry) {
        int given = (qty != null ? 1 : 0) + (contracts != null ? 1 : 0) + (notional != null ? 1 : 0);
        if (given != 1) {
            throw new io.perpguard.InvalidInputException("qty", "give exactly one of qty, contracts or notional");
        }
        if (contracts != null) {
            Checks.positive("contracts", contracts);
            if (contractSize <= 0) {
                throw new io.perpguard.InvalidInputException("contracts", symbol + " on " + exchange.displayName()
                        + " is sized in base units, not contracts; use --qty");
            }
            return qtyOfContracts(requireWholeLots("contracts", contracts));
        }
        if (qty != null) {
            Checks.positive("qty", qty);
            // inverse: a size in coin is face value qty × entry in USD
            return type == ContractType.INVERSE ? qty * entry : qty;
        }
        Checks.positive("notional", notional);
        if (type == ContractType.INVERSE) {
            throw new io.perpguard.InvalidInputException("notional", symbol + " is coin-margined (margin and notional in "
                    + settlementCurrency + ", not USDT); size it with --contracts N (" + Checks.fmt(contractSize) + " USD each) or --qty in "
                    + settlementCurrency);
        }
        return notional / entry;
    }

    /**
     * The venue's order step in contracts: the step size over the contract size — OKX's {@code lotSz} (0.1 contract of
     * BTC-USDT-SWAP), 1 where a venue trades whole contracts (the step is one contract); 1 for a venue without contracts.
     */
    public double lotContracts() {
        if (contractSize <= 0) {
            return 1;
        }
        return BigDecimal.valueOf(stepSize).divide(BigDecimal.valueOf(contractSize), java.math.MathContext.DECIMAL64).doubleValue();
    }

    /**
     * A count of contracts the venue can hold: a whole number of its lots ({@link #lotContracts()}: whole contracts on most
     * venues, tenths of one on OKX's BTC-USDT-SWAP); returns it snapped to the lot, else refuses it naming {@code field}.
     */
    public double requireWholeLots(String field, double contracts) {
        double lot = lotContracts();
        double lots = contracts / lot;
        if (Math.abs(lots - Math.rint(lots)) > 1e-9 * Math.max(1, lots)) {
            String unit = Checks.fmt(contractSize) + (type == ContractType.INVERSE ? " USD" : "");
            throw new io.perpguard.InvalidInputException(field, lot == 1
                    ? Checks.fmt(contracts) + " is not a whole number; " + symbol + " trades whole contracts of " + unit
                    : Checks.fmt(contracts) + " is not a multiple of " + Checks.fmt(lot) + " contracts; " + symbol + " trades in steps of "
                    + Checks.fmt(lot) + " contract (contracts of " + unit + ")");
        }
        return lot == 1 ? Math.rint(contracts) : BigDecimal.valueOf(Math.rint(lots)).multiply(BigDecimal.valueOf(lot)).doubleValue();
    }

    /**
     * The USD face of a coin-margined position stated in coin ({@code coinQty} at {@code price}), held to the venue's lots: a
     * size in coin that is not a whole number of lots (0.5 BTC at 60,001 is 300.005 BTCUSD_PERP contracts) is no position the
     * venue holds, and is refused naming {@code field} with the nearest sizes in contracts.
     */
    public double requireWholeContractsOfCoin(String field, double coinQty, double price) {
        double face = coinQty * price;
        double contracts = contractsOf(face);
        double lot = lotContracts();
        double lots = contracts / lot;
        if (contractSize > 0 && Math.abs(lots - Math.rint(lots)) > 1e-9 * Math.max(1, lots)) {
            double below = Math.floor(lots) * lot, above = Math.ceil(lots) * lot;
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(coinQty) + " " + settlementCurrency + " at " + Checks.fmt(price)
                    + " is " + Checks.fmt(contracts) + " contracts of " + Checks.fmt(contractSize) + " USD; " + symbol
                    + " holds whole contracts: give contracts (nearest: " + (below > 0 ? Checks.fmt(below) + " or " : "") + Checks.fmt(above) + ")");
        }
        // the face of the whole lots it is, not coin × price's binary product (0.1 BTC at 3,000 is 300 USD, 3 contracts of 100)
        return contractSize > 0 ? qtyOfContracts(lot == 1 ? Math.rint(contracts)
                : BigDecimal.valueOf(Math.rint(lots)).multiply(BigDecimal.valueOf(lot)).doubleValue()) : face;
    }

    /** Number of contracts in a quantity (the quantity itself where the venue counts in base units). */
    public double contractsOf(double qty) {
        return contractSize > 0 ? decimal(qty, contractSize, false) : qty;
    }

    /** Rounds a price down to the tick ({@link Increment}: exact decimal semantics, so 60000.1 stays 60000.1). */
    public double floorToTick(double price) {
        return Increment.of(tickSize).floor(price);
    }

    /** Rounds a price up to the tick. */
    public double ceilToTick(double price) {
        return Increment.of(tickSize).ceil(price);
    }

    /**
     * Refuses a price below one tick: no order can be placed there, so no answer about it means anything (and every
     * figure would print as 0 at the tick). Returns the price.
     */
    public double requirePrice(String field, double price) {
        if (price < tickSize) {
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(price) + " is below one tick (" + Checks.fmt(tickSize) + ") of "
                    + symbol + ": not a price this contract trades at");
        }
        return price;
    }

    /**
     * Rounds a level on a grid (a histogram's bin edge, a point of control) to the nearest tick, half up: a figure to read,
     * not a level anyone is filled or liquidated at (those use {@link TickRule}).
     */
    public double nearestTick(double price) {
        return Double.isFinite(price) ? floorToTick(price + tickSize / 2) : price;
    }

    /**
     * A suggested quantity that offsets another (a hedge) as an order the venue accepts: the nearest whole number of
     * steps, at least one step (the residual is at most half a step either way; flooring would leave up to a whole one).
     */
    public double hedgeQty(double qty) {
        if (!(qty > 0)) {
            return qty;
        }
        return Math.max(stepSize, Increment.of(stepSize).floor(qty + stepSize / 2));
    }

    /** Rounds a quantity down to the step (sizes are never rounded up past a risk budget). */
    public double floorToStep(double qty) {
        return Increment.of(stepSize).floor(qty);
    }

    /**
     * Refuses an order quantity the exchange would refuse: below the minimum quantity, or not a whole number of steps
     * (the message gives the nearest valid quantities).
     */
    public void requireOrderQty(String field, double qty) {
        Checks.positive(field, qty);
        if (qty < minQty) {
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(qty) + " is below the minimum order quantity "
                    + Checks.fmt(minQty) + " of " + symbol);
        }
        if (!onStep(qty)) {
            double down = floorToStep(qty);
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(qty) + " is not a multiple of the step size "
                    + Checks.fmt(stepSize) + " of " + symbol + " (nearest: " + Checks.fmt(down) + " or " + Checks.fmt(down + stepSize) + ")");
        }
    }

    /**
     * True when {@code qty} is a whole number of steps, as the venue checks an order. A size derived from whole contracts
     * carries binary noise (3 × 0.1 = 0.30000000000000004): within a billionth of a step of a whole step it is that step.
     */
    public boolean onStep(double qty) {
        BigDecimal steps = BigDecimal.valueOf(qty).divide(BigDecimal.valueOf(stepSize), java.math.MathContext.DECIMAL64);
        return steps.stripTrailingZeros().scale() <= 0
                || steps.subtract(steps.setScale(0, java.math.RoundingMode.HALF_EVEN)).abs().compareTo(new BigDecimal("1e-9")) <= 0;
    }

    /**
     * Refuses an order whose value {@code qty × price} is below the venue's minimum notional (Binance's
     * {@code MIN_NOTIONAL} filter, XT's {@code minNotional}); the message gives the smallest quantity that meets it.
     */
    public void requireOrderNotional(String field, double qty, double price) {
        if (!meetsMinNotional(qty, price)) {
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(qty) + " × " + Checks.fmt(price) + " = " + Checks.fmt(qty * price)
                    + " is below the minimum notional " + Checks.fmt(minNotional) + " of " + symbol + " (smallest qty at this price: "
                    + Checks.fmt(minQtyFor(price)) + ")");
        }
    }

    /** True when {@code qty × price} is at least the minimum notional (always, where the venue sets none). */
    public boolean meetsMinNotional(double qty, double price) {
        return !(minNotional > 0) || qty * price >= minNotional * (1 - 1e-12);
    }

    /** The smallest whole-step quantity the venue accepts at {@code price}: the minimum quantity and notional, rounded up. */
    public double minQtyFor(double price) {
        double q = Math.max(minQty, minNotional > 0 ? minNotional / price : 0);
        return Math.max(Increment.of(stepSize).ceil(q), minQty);
    }

    /** Number of decimals in the tick size (for display). */
    public int priceDecimals() {
        return Math.max(0, BigDecimal.valueOf(tickSize).stripTrailingZeros().scale());
    }

    /** Number of decimals in the step size (for display). */
    public int qtyDecimals() {
        return Math.max(0, BigDecimal.valueOf(stepSize).stripTrailingZeros().scale());
    }
}
