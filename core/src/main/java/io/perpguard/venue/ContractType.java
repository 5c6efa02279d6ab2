package io.perpguard.venue;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/**
 * How a perpetual settles. Linear: quantity in base units (BTC), PnL, margin and fees in the quote currency
 * (USDT). Inverse (coin-margined): quantity as USD face value (contracts × contract size), PnL, margin and fees
 * in the coin.
 */
public enum ContractType {
    LINEAR {
        @Override
        public double notional(double qty, double price) {
            return qty * price;
        }

        @Override
        public double pnl(int sign, double qty, double entry, double price) {
            // linear PnL = side × Q × (P − EP) (DESIGN.md vocabulary)
            return sign * qty * (price - entry);
        }

        @Override
        public double priceOf(double qty, double notional) {
            return notional / qty;
        }

        @Override
        public double qtyOf(double notional, double price) {
            return notional / price;
        }

        @Override
        public double usd(double amount, double price) {
            return amount;
        }
    },
    INVERSE {
        @Override
        public double notional(double qty, double price) {
            return qty / price;
        }

        @Override
        public double pnl(int sign, double qty, double entry, double price) {
            // inverse PnL = side × Q·CS × (1/EP − 1/P), in coin (Binance COIN-M FAQ, FORMULAS-BASE.md §2 derivation)
            return sign * qty * (1 / entry - 1 / price);
        }

        @Override
        public double priceOf(double qty, double notional) {
            return qty / notional;
        }

        @Override
        public double qtyOf(double notional, double price) {
            return notional * price;
        }

        @Override
        public double usd(double amount, double price) {
            return amount * price;
        }
    };

    /** Notional in the settlement currency: qty × price (linear, quote) or face / price (inverse, coin). */
    public abstract double notional(double qty, double price);

    /** Unrealized PnL in the settlement currency if the mark were {@code price}. */
    public abstract double pnl(int sign, double qty, double entry, double price);

    /**
     * The price at which {@code qty} is worth {@code notional}: notional / qty (linear), face / notional (inverse). Of summed
     * fills it is their average entry — weighted by quantity (linear), by coin value, i.e. the face-weighted harmonic mean
     * (inverse), so the summed PnL of the fills is the PnL of one position at that entry.
     */
    public abstract double priceOf(double qty, double notional);

    /** The quantity worth {@code notional} at {@code price} ({@link #notional} solved for qty): notional / price (linear), notional × price (inverse). */
    public abstract double qtyOf(double notional, double price);

    /**
     * The USD value of an amount in the settlement currency when the coin is at {@code price}: the amount itself (linear:
     * USDT counted as USD) or amount × price (inverse: coin). Of a notional it is the exposure in USD: qty × price
     * (linear), the face qty (inverse: face / price coins × price).
     */
    public abstract double usd(double amount, double price);

    /** The quantity whose notional is worth {@code usd} USD at {@code price}: usd / price (linear), the face usd (inverse). */
    public double qtyOfUsd(double usd, double price) {
        return qtyOf(usd / usd(1, price), price);
    }

    /**
     * Whether money in the settlement currency moves with the contract's price: the coin margin of an inverse contract
     * does (a wallet of BTC is itself long BTC in USD), USDT does not.
     */
    public boolean marginMovesWithPrice() {
        return this == INVERSE;
    }

    /** The average entry of two fills on one side: {@link #priceOf} of their summed quantity and notional. */
    public double averageEntry(double qty1, double price1, double qty2, double price2) {
        return priceOf(qty1 + qty2, notional(qty1, price1) + notional(qty2, price2));
    }

    /** Lower-case name, built once (the checklist's figures carry it on every request). */
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    public static ContractType parse(String field, String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "linear", "usdt", "usdt-m", "usd-m", "usdm" -> { return LINEAR; }
                case "inverse", "coin", "coin-m", "coinm" -> { return INVERSE; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a contract type; use linear or inverse");
    }
}
