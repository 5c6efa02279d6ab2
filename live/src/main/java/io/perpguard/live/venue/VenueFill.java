package io.perpguard.live.venue;

import java.util.List;

/**
 * One trade of an order as the venue reports it on the account stream, with the venue's own figures of it — Binance's
 * {@code ORDER_TRADE_UPDATE} with execution type {@code TRADE}: {@code l} the quantity filled at {@code L}, {@code rp} the
 * realized profit of the trade, {@code n} the commission and {@code N} its asset (both left out where none was charged); OKX's
 * {@code orders} fill: {@code fillSz} at {@code fillPx}, {@code fillPnl}, {@code fillFee} (negated: OKX writes a charge
 * negative) in {@code fillFeeCcy}; Bybit's {@code execution}: {@code execQty} (or {@code closedSize}), {@code execPnl}, {@code execFee}
 * in the settle coin, at {@code execPrice}. Each venue's reading is in its connector; the realized profit is gross of fees
 * on all three.
 *
 * @param symbol            contract, upper case
 * @param positionSideLabel the position side the trade is booked to ({@code both}, {@code long}, {@code short}), as keys are
 * @param buy               the order's side: a buy reduces a short, a sell a long
 * @param qty               quantity of this trade, base units as the position's size
 * @param realizedPnl       the venue's realized profit of this trade (0 for a trade that opens), settlement currency
 * @param fee               commission paid for this trade (0 where none was charged; negative a rebate received)
 * @param feeAsset          the commission's asset (null where none was charged)
 * @param timeMs            the trade's time, the venue's clock
 * @param price             the price it traded at (NaN where the connector does not read it: the close line keeps the mark)
 */
public record VenueFill(String symbol, String positionSideLabel, boolean buy, double qty, double realizedPnl, double fee, String feeAsset,
                        long timeMs, double price) {

    /** A trade whose price is not read. */
    public VenueFill(String symbol, String positionSideLabel, boolean buy, double qty, double realizedPnl, double fee, String feeAsset, long timeMs) {
        this(symbol, positionSideLabel, buy, qty, realizedPnl, fee, feeAsset, timeMs, Double.NaN);
    }

    /** Whether this trade reduces a position of side {@code long} (true) or short. */
    public boolean reduces(boolean positionLong) {
        return positionLong != buy;
    }

    /**
     * The venue's figures of a close: the realized profit and the fees of the trades that took a position of {@code qty}
     * to zero — the newest of {@code fills} (reducing trades, oldest first) whose sizes add up to {@code qty}; null when
     * they add up to no such sum (trades missing, or more of the position's earlier reductions than of this close).
     * The fee is summed in one asset; {@code feeAsset} null and {@code fee} NaN where the trades paid in several. The price is
     * the one the close traded at on average (NaN where a trade has none): linear, the mean weighted by size,
     * Σ qty·price / Σ qty; inverse ({@code qty} in USD face), the harmonic mean Σ qty / Σ (qty / price), the price at which
     * the whole close has the trades' coin PnL (inverse PnL = Q·(1/EP − 1/P)).
     */
    public static Figures closing(List<VenueFill> fills, double qty) {
        return closing(fills, qty, false);
    }

    /** {@link #closing(List, double)}, the price averaged as an inverse contract's ({@code inverse}) or a linear one's. */
    public static Figures closing(List<VenueFill> fills, double qty, boolean inverse) {
        if (fills == null || !(qty > 0)) {
            return null;
        }
        double sum = 0, pnl = 0, fee = 0, value = 0;
        String asset = null;
        boolean mixed = false;
        double tol = 1e-9 * Math.max(1, qty);
        for (int i = fills.size() - 1; i >= 0; i--) {
            VenueFill f = fills.get(i);
            sum += f.qty();
            pnl += f.realizedPnl();
            fee += f.fee();
            value += inverse ? f.qty() / f.price() : f.qty() * f.price();   // NaN once a trade has no price
            if (f.feeAsset() != null) {
                mixed |= asset != null && !asset.equals(f.feeAsset());
                asset = asset == null ? f.feeAsset() : asset;
            }
            if (Math.abs(sum - qty) <= tol) {
                return new Figures(pnl, mixed ? Double.NaN : fee, mixed ? null : asset, inverse ? sum / value : value / sum);
            }
            if (sum > qty + tol) {
                return null;
            }
        }
        return null;
    }

    /**
     * The venue's realized PnL of a close, the fees of its trades ({@code fee} in {@code feeAsset}; null: none charged) and the
     * price they traded at on average ({@code price}, NaN: not read).
     */
    public record Figures(double realizedPnl, double fee, String feeAsset, double price) {
    }
}
