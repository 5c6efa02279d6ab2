package io.perpguard.data.journal;

import io.perpguard.margin.Side;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Groups fills into round-trip trades, per symbol in time order (one-way position mode): a trade opens when the
 * net position leaves zero and closes when it returns to zero. A fill that crosses zero (a flip) is split: the part
 * that closes ends the trade, with all of the fill's realized PnL; the rest opens the next trade. Fees are shared
 * by quantity.
 * <p>Fills that reduce a position opened before the first fill on record — a non-zero realized PnL while flat —
 * cannot be placed and are reported as unplaced; positions still open after the last fill are not trades yet.
 * Fees not charged in the symbol's quote currency (e.g. BNB) are left out of {@code fees} and reported.
 */
public final class RoundTrips {
    /** Scale of stored average prices and pro-rata fee parts. */
    static final int SCALE = 12;

    private RoundTrips() {
    }

    /**
     * Trades found in fills, and what could not be placed.
     *
     * @param trades          closed round trips, by close time
     * @param unplacedFills   fills that close a position opened before the record starts (file:line)
     * @param openSymbols     symbols with a position still open after the last fill
     * @param foreignFeeFills fills whose fee is in another asset than the quote currency
     */
    public record Grouping(List<JournalTrade> trades, List<String> unplacedFills, List<String> openSymbols,
                           int foreignFeeFills) {
        public Grouping {
            trades = List.copyOf(trades);
            unplacedFills = List.copyOf(unplacedFills);
            openSymbols = List.copyOf(openSymbols);
        }

        /** One-line notes on what was not placed in a trade. */
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            if (!unplacedFills.isEmpty()) {
                w.add(unplacedFills.size() + " fill(s) close a position opened before the record starts and are not in any trade"
                        + " (first: line " + unplacedFills.get(0) + ")");
            }
            if (!openSymbols.isEmpty()) {
                w.add("position still open, not counted as a trade yet: " + String.join(", ", openSymbols));
            }
            if (foreignFeeFills > 0) {
                w.add(foreignFeeFills + " fill(s) paid fees in another asset (e.g. BNB); those fees are not subtracted from net PnL");
            }
            return w;
        }
    }

    /** Groups fills of any symbols (sorted here by time, then by file order). */
    public static Grouping group(List<Fill> fills) {
        List<Fill> sorted = new ArrayList<>(fills);
        sorted.sort(Comparator.comparingLong(Fill::timeMs));
        Map<String, Builder> open = new LinkedHashMap<>();
        List<JournalTrade> trades = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        int foreign = 0;
        for (Fill f : sorted) {
            BigDecimal fee = f.feeAsset() == null ? f.fee() : BigDecimal.ZERO;
            if (f.feeAsset() != null && f.fee().signum() != 0) {
                foreign++;
            }
            Builder b = open.get(f.symbol());
            if (b == null) {
                if (f.realizedPnl().signum() != 0) {
                    unplaced.add(String.valueOf(f.line()));
                    continue;
                }
                open.put(f.symbol(), Builder.open(f, f.qty(), fee, f.hash()));
                continue;
            }
            if (f.buy() == b.isLong()) {
                b.addOpening(f, f.qty(), fee, f.hash());
                continue;
            }
            // reducing fill: close up to the position, flip with the rest
            BigDecimal closeQty = f.qty().min(b.position.abs());
            BigDecimal rest = f.qty().subtract(closeQty);
            BigDecimal closeFee = rest.signum() == 0 ? fee
                    : fee.multiply(closeQty).divide(f.qty(), SCALE, RoundingMode.HALF_EVEN);
            b.addClosing(f, closeQty, closeFee, rest.signum() == 0 ? f.hash() : f.hash() + ":close");
            if (b.position.signum() == 0) {
                trades.add(b.build());
                open.remove(f.symbol());
                if (rest.signum() > 0) {
                    Fill opening = new Fill(f.timeMs(), f.symbol(), f.buy(), rest, f.price(), BigDecimal.ZERO,
                            fee.subtract(closeFee), f.feeAsset(), f.line(), f.hash() + ":open");
                    open.put(f.symbol(), Builder.open(opening, rest, fee.subtract(closeFee), f.hash() + ":open"));
                }
            }
        }
        trades.sort(Comparator.comparingLong(JournalTrade::closeTimeMs).thenComparing(JournalTrade::symbol));
        return new Grouping(trades, unplaced, new ArrayList<>(new TreeSet<>(open.keySet())), foreign);
    }

    /** A trade being built. */
    private static final class Builder {
        final String symbol;
        final boolean isLong;
        final long openTime;
        long closeTime;
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal openedQty = BigDecimal.ZERO;
        BigDecimal openedNotional = BigDecimal.ZERO;
        BigDecimal closedQty = BigDecimal.ZERO;
        BigDecimal closedNotional = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        int fills;
        final StringBuilder hashes = new StringBuilder();

        private Builder(String symbol, boolean isLong, long openTime) {
            this.symbol = symbol;
            this.isLong = isLong;
            this.openTime = openTime;
        }

        static Builder open(Fill f, BigDecimal qty, BigDecimal fee, String hash) {
            Builder b = new Builder(f.symbol(), f.buy(), f.timeMs());
            b.addOpening(f, qty, fee, hash);
            return b;
        }

        boolean isLong() {
            return isLong;
        }

        void addOpening(Fill f, BigDecimal qty, BigDecimal fee, String hash) {
            position = isLong ? position.add(qty) : position.subtract(qty);
            openedQty = openedQty.add(qty);
            openedNotional = openedNotional.add(qty.multiply(f.price()));
            realized = realized.add(f.realizedPnl());
            add(f, fee, hash);
        }

        void addClosing(Fill f, BigDecimal qty, BigDecimal fee, String hash) {
            position = isLong ? position.subtract(qty) : position.add(qty);
            closedQty = closedQty.add(qty);
            closedNotional = closedNotional.add(qty.multiply(f.price()));
            realized = realized.add(f.realizedPnl());
            add(f, fee, hash);
        }

        private void add(Fill f, BigDecimal fee, String hash) {
            fees = fees.add(fee);
            closeTime = Math.max(closeTime, f.timeMs());
            fills++;
            hashes.append(hash).append(';');
        }

        JournalTrade build() {
            BigDecimal entry = openedNotional.divide(openedQty, new MathContext(30)).setScale(SCALE, RoundingMode.HALF_EVEN);
            BigDecimal exit = closedNotional.divide(closedQty, new MathContext(30)).setScale(SCALE, RoundingMode.HALF_EVEN);
            return new JournalTrade(symbol, isLong ? Side.LONG : Side.SHORT, openTime, closeTime, strip(openedQty),
                    strip(entry), strip(exit), strip(realized), strip(fees), strip(realized.subtract(fees)), fills,
                    Fill.sha256(hashes.toString()));
        }

        private static BigDecimal strip(BigDecimal v) {
            return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
        }
    }
}
