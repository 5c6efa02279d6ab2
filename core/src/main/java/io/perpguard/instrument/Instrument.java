package io.perpguard.instrument;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.MarginConvention;

/**
 * A contract together with its leverage brackets: everything the margin engine needs to know about a symbol.
 */
public record Instrument(Contract contract, RiskTiers tiers) {
    public Instrument {
        Checks.notNull("contract", contract);
        Checks.notNull("tiers", tiers);
        if (!contract.symbol().equals(tiers.symbol())) {
            throw new InvalidInputException("tiers", "tiers are for " + tiers.symbol() + ", contract is " + contract.symbol());
        }
    }

    public String symbol() {
        return contract.symbol();
    }

    /**
     * Refuses a coin-margined contract in an engine that prices in quote currency (a USD portfolio): one line naming what
     * does work for it.
     */
    public Instrument requireLinear(String what) {
        if (contract.type() != io.perpguard.venue.ContractType.LINEAR) {
            throw new InvalidInputException("symbol", symbol() + " is coin-margined (" + contract.exchange().displayName() + "); " + what
                    + " works on linear (USDT-margined) contracts — calc, tiers, size, check, funding, replay and simulate price inverse ones");
        }
        return this;
    }

    /** The venue's margin convention for this contract. */
    public MarginConvention convention() {
        return contract.convention();
    }

    /**
     * Refuses a leverage the venue does not set, off its {@link MarginConvention#leverageStep} (10.5x where it takes whole
     * numbers), naming the venue and what it takes; one below 1 is left to the range checks. For leverage a user gives:
     * a held position's leverage as the venue reports it is not checked here.
     *
     * @return {@code leverage}
     */
    public double requireLeverageStep(String field, double leverage) {
        MarginConvention c = convention();
        if (leverage >= 1 && Double.isFinite(leverage) && !c.onLeverageStep(leverage)) {
            String max = Checks.fmt(tiers.bracket(0).maxLeverage());
            throw new InvalidInputException(field, Checks.fmt(leverage) + "x is not a leverage " + contract.exchange().displayName() + " sets: "
                    + symbol() + " takes " + (c.leverageStep() == 1 ? "whole numbers 1–" + max + "x"
                    : "1–" + max + "x in steps of " + Checks.fmt(c.leverageStep())));
        }
        return leverage;
    }

    /** What the convention needs: the flattened tier table, contract size and taker fee. */
    public MarginConvention.Terms terms() {
        return new MarginConvention.Terms(tiers.table(), contract.contractSize(), contract.takerFee());
    }

    /**
     * Refuses a price outside this symbol's range, naming the price the user gave with the range: from one tick to
     * {@link io.perpguard.InputBounds#MAX_PRICE} (10⁹, every venue's, linear or coin-margined), narrowed by the tiers where
     * they hold no order — where the smallest order (the minimum quantity, or one step) is beyond the largest tier cap
     * (linear: its notional grows with the price; coin-margined: its coin value grows as the price falls). A measure by
     * contracts does not depend on the price. Linear contracts used to keep only their tiers' range: BTCUSDT to 1.8·10¹²,
     * where {@code calc --entry 1e12} was blamed on the leverage.
     *
     * @return {@code price}
     */
    public double requirePriceWithinTiers(String field, double price) {
        Checks.finite(field, price);
        contract.requirePrice(field, price);
        double smallest = Math.max(contract.minQty(), contract.stepSize());
        double m = convention().tierMeasure(terms(), smallest, price);
        double cap = tiers.maxNotional();
        boolean beyondTiers = m > cap;
        double most = io.perpguard.InputBounds.MAX_PRICE;
        if (!beyondTiers && price <= most) {
            return price;
        }
        boolean rising = contract.type() == io.perpguard.venue.ContractType.LINEAR;
        boolean priced = convention().tierBasis() != MarginConvention.TierBasis.BY_CONTRACTS && Double.isFinite(cap) && m > 0;
        // the measure is proportional to the price (or its inverse); the tiers' bound is a figure to read: at the nearest tick
        double tierBound = priced ? contract.nearestTick(rising ? price * (cap / m) : price * (m / cap)) : Double.NaN;
        double low = contract.tickSize();
        double high = most;
        String why = "no contract is priced above " + Checks.fmt(most) + " (a unit or digit error)";
        String tiersWhy = " it even the smallest order (" + Checks.fmt(smallest) + ") is above the largest tier cap " + Checks.fmt(cap) + " "
                + tierUnit();
        if (priced && rising && tierBound < most) {
            high = tierBound;
            why = "beyond" + tiersWhy;
        } else if (priced && !rising && tierBound > low) {
            low = tierBound;
            if (beyondTiers) {
                why = "below" + tiersWhy;
            }
        } else if (beyondTiers && price <= most) {
            why = "at any price" + tiersWhy.replace(" it even", ",");
        }
        throw new InvalidInputException(field, Checks.fmt(price) + " is outside the allowed range " + Checks.fmt(low) + " to "
                + Checks.fmt(high) + " for " + symbol() + ": " + why);
    }

    /**
     * Refuses a size this symbol's tiers do not cover at {@code price}, naming the size the user gave ({@code qty},
     * {@code contracts}, {@code notional}: whichever {@code field} is, in its own unit) with the most they allow at that
     * price. A price no order fits is blamed first ({@link #requirePriceWithinTiers}): the size is not at fault then.
     *
     * @param given the size as the user gave it, in {@code field}'s unit
     * @param qty   the same size in the engine's quantity
     * @return {@code given}
     */
    public double requireSizeWithinTiers(String field, double given, double qty, String priceField, double price) {
        requirePriceWithinTiers(priceField, price);
        String beyond = sizeBeyondTiers(given, qty, priceField, price);
        if (beyond != null) {
            throw new InvalidInputException(field, beyond);
        }
        return given;
    }

    /**
     * What is wrong with a size no tier holds at {@code price} (the text after "field: "), or null when a tier holds it:
     * the size with the most the tiers allow at that price, in the unit it was given.
     */
    public String sizeBeyondTiers(double given, double qty, String priceField, double price) {
        double m = convention().tierMeasure(terms(), qty, price);
        double cap = tiers.maxNotional();
        if (!(m > cap)) {
            if (qty > io.perpguard.InputBounds.MAX_QTY) {
                // a last bracket without a cap (Binance COIN-M) holds any size: the bound every position has (10^15 units or USD
                // of face) blames the size — 'calc --contracts 1e18' was blamed on the leverage the last bracket allows
                double most = Math.floor(given * (io.perpguard.InputBounds.MAX_QTY / qty));
                return Checks.fmt(given) + " is outside the allowed range: more than 0 and at most " + Checks.fmt(most) + " for " + symbol()
                        + " (" + Checks.fmt(io.perpguard.InputBounds.MAX_QTY) + (contract.type() == io.perpguard.venue.ContractType.INVERSE
                        ? " USD of face value" : " units of the base asset") + "; its last tier has no cap)";
            }
            return null;
        }
        double most = io.perpguard.Money.round(given * (cap / m));   // proportional to the size (cap / m first: 1e300 × cap overflows); 8 decimals to read
        return Checks.fmt(given) + " is outside the allowed range: more than 0 and at most " + Checks.fmt(most) + " for " + symbol() + " at "
                + priceField + " " + Checks.fmt(price) + " (its largest tier cap, " + Checks.fmt(cap) + " " + tierUnit() + ")";
    }

    /**
     * The one check of a size a trader states in base units (calc, each position of an account file, funding): on a
     * linear contract, whole steps, at least the minimum quantity and worth the minimum notional at {@code price}
     * ({@link Contract#requireOrderQty}, {@link Contract#requireOrderNotional}). A coin-margined size is whole contracts,
     * checked where it is read.
     *
     * @return {@code qty}
     */
    public double requireOrderQty(String field, double qty, double price) {
        if (contract.type() == io.perpguard.venue.ContractType.LINEAR) {
            contract.requireOrderQty(field, qty);
            contract.requireOrderNotional(field, qty, price);
        }
        return qty;
    }

    /**
     * A linear size stated as its notional (settlement currency at {@code price}): at least the venue's minimum notional.
     * A notional is a what-if size: its quantity is not held to the step.
     *
     * @return {@code notional}
     */
    public double requireOrderNotional(String field, double notional, double price) {
        if (contract.type() == io.perpguard.venue.ContractType.LINEAR && !contract.meetsMinNotional(notional / price, price)) {
            throw new InvalidInputException(field, Checks.fmt(notional) + " is below the minimum notional "
                    + Checks.fmt(contract.minNotional()) + " of " + symbol());
        }
        return notional;
    }

    /**
     * Refuses a size whose maintenance margin at {@code price} is negative: its tier's amount is more than the size × the
     * tier's rate. A venue's own table never does that (each amount starts its tier where the margin is continuous); a tier
     * given by hand ({@code --mmr RATE --mm-amount A}) holds only from notional A / RATE, and below it the engine priced a
     * negative maintenance margin and a liquidation past bankruptcy.
     *
     * @param field the input that gave the amount ({@code mmAmount})
     */
    public void requireMaintenanceCovered(String field, double qty, double entry, String priceField, double price) {
        if (!Double.isFinite(price) || !(convention().maintenanceMargin(terms(), qty, entry, price) < 0)) {
            return;
        }
        LeverageBracket b = tiers.brackets().get(convention().tier(terms(), qty, entry, price));
        double deducted = convention().maintenanceMargin(terms(), qty, entry, price) + b.maintenanceAmount();
        String cur = contract.settlementCurrency();
        throw new InvalidInputException(field, Checks.fmt(b.maintenanceAmount()) + " is more than the maintenance margin it is deducted from at "
                + priceField + " " + Checks.fmt(Math.round(price * 100) / 100.0) + " (" + Checks.fmt(io.perpguard.Money.round(deducted)) + " " + cur
                + " at the rate " + Checks.fmt(b.maintenanceMarginRate()) + "): the tier's amount applies from notional amount / rate = "
                + Checks.fmt(io.perpguard.Money.round(b.maintenanceAmount() / b.maintenanceMarginRate())) + " " + cur
                + "; give the rate and amount of the tier this size is in");
    }

    /** The unit of the tier measure: contracts, or the settlement currency. */
    public String tierUnit() {
        return convention().tierBasis() == MarginConvention.TierBasis.BY_CONTRACTS ? "contracts" : contract.settlementCurrency();
    }
}
