package io.perpguard.app.explain;

import io.perpguard.Checks;

import java.util.Map;

/** Number formatting shared by the sentences of {@code explain} (the same figures in every front end). */
final class Words {
    private Words() {
    }

    /** A number as a sentence shows it ({@link Checks#fmt}: thousands separated, no binary noise). */
    static String fmt(double v) {
        return Checks.fmt(v);
    }

    /** A number rounded half-up to {@code decimals} first. */
    static String fmt(double v, int decimals) {
        return Checks.fmt(round(v, decimals));
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        // beyond 2^52 units of the last decimal a double has no fraction left to round (and Math.round would saturate)
        if (!Double.isFinite(v) || Math.abs(v * f) >= 0x1p52) {
            return v;
        }
        return Math.round(v * f) / f;
    }

    /** Decimals of an amount in {@code currency}: cents for USD(T/C), satoshis (8) for a coin. */
    static int amountDecimals(String currency) {
        return currency.startsWith("USD") ? 2 : 8;
    }

    /** An amount rounded to its currency's decimals ({@link #amountDecimals}). */
    static String money(double amount, String currency) {
        return fmt(amount, amountDecimals(currency));
    }

    /** A numeric value of a figures map (NaN when absent). */
    static double num(Map<String, Object> v, String key) {
        Object o = v.get(key);
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * The base asset of a USDT/USDC/BUSD symbol in any venue's spelling ({@code BTCUSDT}, XT's {@code BTC_USDT}, OKX's
     * {@code BTC-USDT-SWAP} → {@code BTC}), else null.
     */
    static String baseAsset(String symbol) {
        if (symbol == null) {
            return null;
        }
        String s = symbol.endsWith("-SWAP") ? symbol.substring(0, symbol.length() - "-SWAP".length()) : symbol;
        for (String q : new String[]{"USDT", "USDC", "BUSD"}) {
            if (s.endsWith(q)) {
                String base = s.substring(0, s.length() - q.length());
                if (base.endsWith("_") || base.endsWith("-")) {
                    base = base.substring(0, base.length() - 1);
                }
                return base.isEmpty() ? null : base;
            }
        }
        return null;
    }
}
