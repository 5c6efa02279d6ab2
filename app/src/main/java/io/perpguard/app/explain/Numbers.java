package io.perpguard.app.explain;

import java.util.Locale;

/**
 * How a figure is printed for a trader, in one place for every front end: the command tables ({@code cli}'s
 * {@code Output}) and the live alerts' text (webhook, chat, e-mail, the terminal) print prices at the symbol's tick and
 * sizes at its step through these.
 */
public final class Numbers {
    private Numbers() {
    }

    /** Money or price with thousands separators and {@code decimals} decimals; "-" for NaN, "∞" / "-∞" for infinities. */
    public static String num(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "-" : (v > 0 ? "∞" : "-∞");
        }
        String out = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return out.startsWith("-") && out.matches("-[0.,]+") ? out.substring(1) : out; // no "-0.00"
    }

    /**
     * A linear size in base units at its contract's step decimals (SOLUSDT's step 1: 19, not 19.000; XT's BTC_USDT counts
     * 0.0001 BTC: 0.1583); a size off the step (a {@code --notional} what-if, a contract not yet known, decimals 0) shows
     * its own digits up to 3 decimals (8.333, 0.5).
     *
     * @param stepDecimals the decimals of the contract's step ({@code Contract.qtyDecimals})
     */
    public static String qty(double qty, int stepDecimals) {
        return num(qty, qtyDecimals(qty, stepDecimals));
    }

    /**
     * The unit after a linear size in base units where the venue counts the position in contracts of a fixed amount of
     * the base (OKX, XT: {@code contractSize > 0}), so the base figure beside the contracts is not read as more
     * contracts: " BTC" for BTC-USDT-SWAP or BTC_USDT; "" where the size is the base units alone (Binance, Bybit: the
     * order's own figure) or the symbol names no base asset.
     */
    public static String baseUnitBesideContracts(io.perpguard.instrument.Contract c) {
        if (c.type() != io.perpguard.venue.ContractType.LINEAR || !(c.contractSize() > 0)) {
            return "";
        }
        String base = Words.baseAsset(c.symbol());
        return base == null ? "" : " " + base;
    }

    /** The decimals {@link #qty} prints {@code qty} at on a contract whose step has {@code stepDecimals}. */
    private static int qtyDecimals(double qty, int stepDecimals) {
        if (!Double.isFinite(qty)) {
            return stepDecimals;
        }
        int own = Math.max(0, java.math.BigDecimal.valueOf(qty).stripTrailingZeros().scale());
        return own <= stepDecimals ? stepDecimals : Math.max(stepDecimals, Math.min(own, 3));
    }

    /**
     * A price a trader typed or the venue reports (an average entry, a mark): at the tick's {@code decimals}, or with its
     * own decimals (up to 8) when it has more, so 60,000.03 is not shown as 60,000.0 beside a notional of 60,000.03.
     */
    public static String price(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return num(v, decimals);
        }
        int own = Math.max(0, java.math.BigDecimal.valueOf(v).stripTrailingZeros().scale());
        return num(v, Math.min(8, Math.max(decimals, own)));
    }

    /** A fraction shown as a percentage. */
    public static String pct(double fraction, int decimals) {
        return Double.isFinite(fraction) ? num(fraction * 100, decimals) + " %" : num(fraction, 0);
    }

    /** A pair of fee rates: {@code taker 0.0180 %, maker -0.0050 %} (a negative maker fee is a rebate). */
    public static String feeRates(double taker, double maker) {
        return "taker " + pct(taker, 4) + ", maker " + pct(maker, 4);
    }
}
