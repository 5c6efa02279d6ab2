package io.perpguard.data.journal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One execution from a trade-history file. Money is exact.
 *
 * @param timeMs      execution time, ms since the epoch, UTC
 * @param symbol      contract, upper case, e.g. {@code BTCUSDT}
 * @param buy         true for a buy, false for a sell
 * @param qty         base units, &gt; 0
 * @param price       execution price, quote currency, &gt; 0
 * @param realizedPnl realized PnL the exchange booked on this fill (0 on opening fills), quote currency
 * @param fee         fee paid (&gt; 0) or rebated (&lt; 0), in {@code feeAsset}
 * @param feeAsset    the fee's currency; null when it is the symbol's quote currency
 * @param line        line number in the source file (1-based)
 * @param hash        the fill's identity, see {@link #of}
 */
public record Fill(long timeMs, String symbol, boolean buy, BigDecimal qty, BigDecimal price, BigDecimal realizedPnl,
                   BigDecimal fee, String feeAsset, int line, String hash) {

    /**
     * A fill whose hash is SHA-256 of its {@link #canonical} fields and {@code occurrence} (0 for the first fill with
     * these exact fields in its file, 1 for an identical second one, ...): the same file, or an overlapping export,
     * imported again yields the same hashes, while two genuinely identical executions in one file stay two fills.
     */
    public static Fill of(long timeMs, String symbol, boolean buy, BigDecimal qty, BigDecimal price, BigDecimal realizedPnl,
                          BigDecimal fee, String feeAsset, int line, int occurrence) {
        String canonical = canonical(timeMs, symbol, buy, qty, price, realizedPnl, fee, feeAsset);
        return new Fill(timeMs, symbol, buy, qty, price, realizedPnl, fee, feeAsset, line, sha256(canonical + "#" + occurrence));
    }

    /** The fill's fields in canonical text (numbers without trailing zeros); identical fills share it. */
    public String canonical() {
        return canonical(timeMs, symbol, buy, qty, price, realizedPnl, fee, feeAsset);
    }

    private static String canonical(long timeMs, String symbol, boolean buy, BigDecimal qty, BigDecimal price,
                                    BigDecimal realizedPnl, BigDecimal fee, String feeAsset) {
        return timeMs + "|" + symbol + "|" + (buy ? "buy" : "sell") + "|" + plain(qty) + "|" + plain(price) + "|"
                + plain(realizedPnl) + "|" + plain(fee) + "|" + (feeAsset == null ? "" : feeAsset);
    }

    /** "buy" or "sell". */
    public String sideLabel() {
        return buy ? "buy" : "sell";
    }

    /** +qty for a buy, −qty for a sell. */
    public BigDecimal signedQty() {
        return buy ? qty : qty.negate();
    }

    static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
