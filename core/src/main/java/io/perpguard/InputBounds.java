package io.perpguard;

/**
 * The largest numbers perpguard accepts as a position's or a transfer's figures, in one place: the stream's input
 * topics ({@code marks}, {@code positions}), the desk's positions and account files read them with these bounds. "Finite
 * and positive" let {@code markPrice: 1e308} through: times a position of 2 it is an Infinity notional, and from there
 * NaN margin ratios, a tick index that cannot be built and a symbol frozen at that mark; the desk stored a position at a
 * mark of 10¹⁵ and priced it. A number outside its bound is refused like any other bad input (field, value, allowed
 * range).
 * <p>The bounds are far outside anything a venue sends, so they only refuse digit, unit and overflow errors; each
 * says why it is where it is. They are checked where input is read (the stream's {@code MarkTick.parse} and
 * {@code PositionEvent.parse}, {@code AccountFile}), not where state is read back, so stored state written before them
 * still loads. A contract's tiers refuse tighter sizes where they have a cap; these hold where they have none (Binance
 * COIN-M's last bracket).
 */
public final class InputBounds {
    /**
     * A price (mark, index, fill, entry), quote currency (USDT, USD) per unit of the base asset: at most 10⁹, ten thousand times Bitcoin's highest
     * price. Above it the figure is a unit or digit error, and with {@link #MAX_QTY} it keeps every notional below 10²⁴,
     * far from a double's overflow however many positions an account sums.
     */
    public static final double MAX_PRICE = 1e9;
    /**
     * A quantity (base units; USD face for a coin-margined contract): at most 10¹⁵, above the whole supply of the
     * most plentiful tokens traded as perpetuals (SHIB, PEPE: under 10¹⁵). The tiers then refuse what no venue holds.
     */
    public static final double MAX_QTY = 1e15;
    /**
     * An amount of money (a wallet transfer, margin added or removed, a fee), USDT: at most 10¹⁵ either way — the
     * bound of every wallet in perpguard ({@link Checks#MAX_AMOUNT}: the desk's stored amounts hold 10¹⁵, and
     * {@code calc --wallet} takes no more), so a transfer cannot make a wallet the margin engine refuses to price.
     */
    public static final double MAX_AMOUNT = Checks.MAX_AMOUNT;
    /**
     * A funding rate per funding interval, as a fraction: within ±5 %, the bound {@code perpguard funding} and
     * {@code simulate} take. The venues cap a single interval's rate well inside it (a few percent at the widest);
     * 0.5 for 0.5 % (a percent sent as a fraction) would charge a hundred times the real carry.
     */
    public static final double MAX_FUNDING_RATE = 0.05;

    /**
     * A value traded in one candle (volume × close) or held as one market's open interest, in the quote currency (USDT,
     * USD): at most 10¹⁵, the bound of every amount ({@link #MAX_AMOUNT}) — about nine years of the whole world's output
     * (IMF World Economic Outlook database: world GDP $106.9 trillion in 2023). The busiest candle of the bundled samples
     * trades 1.7·10¹⁰ (BTCUSDT spot, one day) and their largest open interest is worth 7.0·10⁹, so only a unit or digit
     * error comes near it: a volume of 1e300 was read, and summed into volume nodes and a liquidation map.
     */
    public static final double MAX_TRADED_VALUE = MAX_AMOUNT;

    private InputBounds() {
    }

    /**
     * An account's equity (the money a size or a check is measured against): finite, above 0, at most {@link #MAX_AMOUNT}
     * in the settlement currency — the bound of every wallet, inclusive: {@code size --equity 1e15} is a (large) equity,
     * judged by the tiers; {@code 1.0000001e15} is refused, exit 2, by every command, desk body and file that takes one.
     */
    public static double equity(String field, double v) {
        return positiveUpTo(field, v, MAX_AMOUNT, "");
    }

    /**
     * A wallet balance or an available balance (money held, which may be 0): finite, 0 to {@link #MAX_AMOUNT}. The desk
     * used to tell a sub-account's wallet of 2e15 its range was -10¹⁵ to 10¹⁵ (that of a transfer).
     */
    public static double balance(String field, double v) {
        Checks.notNegative(field, v);
        return Checks.inRange(field, v, 0, MAX_AMOUNT);
    }

    /**
     * A price (linear or coin-margined, every venue): finite, above 0, at most {@link #MAX_PRICE}. One rule for every
     * contract; a contract's tiers may bound it tighter ({@code Instrument.requirePriceWithinTiers}), never looser —
     * BTCUSDT's tiers alone allowed an entry up to 1.8·10¹², priced as a notional of 10⁹ that no tier holds.
     */
    public static double price(String field, double v) {
        return positiveUpTo(field, v, MAX_PRICE, "");   // USDT or USD per unit: the quote currency
    }

    /** A quantity: finite, above 0, at most {@link #MAX_QTY}. */
    public static double qty(String field, double v) {
        return positiveUpTo(field, v, MAX_QTY, "units");
    }

    /**
     * A size in contracts of {@code contractSize} each (base units, or USD face for a coin-margined contract): at most
     * {@link #MAX_QTY} of that unit, said in contracts.
     */
    public static double contracts(String field, double contracts, double contractSize) {
        Checks.positive(field, contracts);
        double most = Math.floor(MAX_QTY / contractSize);
        if (contracts > most) {
            throw new InvalidInputException(field, Checks.fmt(contracts) + " is outside the allowed range: above 0, at most " + Checks.fmt(most)
                    + " contracts (" + Checks.fmt(MAX_QTY) + " units of " + Checks.fmt(contractSize) + " each)");
        }
        return contracts;
    }

    /** A signed amount of money, not 0: finite, within ±{@link #MAX_AMOUNT}. */
    public static double amount(String field, double v) {
        Checks.inRange(field, v, -MAX_AMOUNT, MAX_AMOUNT);
        if (v == 0) {
            throw new InvalidInputException(field, "0 changes nothing; send a positive or negative amount");
        }
        return v;
    }

    /** A fee: finite, 0 to {@link #MAX_AMOUNT}. */
    public static double fee(String field, double v) {
        Checks.notNegative(field, v);
        return Checks.inRange(field, v, 0, MAX_AMOUNT);
    }

    /** A funding rate: finite, within ±{@link #MAX_FUNDING_RATE}. */
    public static double fundingRate(String field, double v) {
        return Checks.inRange(field, v, -MAX_FUNDING_RATE, MAX_FUNDING_RATE);
    }

    private static double positiveUpTo(String field, double v, double max, String unit) {
        Checks.positive(field, v);
        if (v > max) {
            throw new InvalidInputException(field, Checks.fmt(v) + " is outside the allowed range: above 0, at most " + Checks.fmt(max)
                    + (unit.isEmpty() ? "" : " " + unit));
        }
        return v;
    }
}
