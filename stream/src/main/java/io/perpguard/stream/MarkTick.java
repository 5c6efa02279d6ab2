package io.perpguard.stream;

import io.perpguard.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.EpochTime;
import io.perpguard.data.json.JsonInput;

import java.util.Locale;

/**
 * One mark-price tick of a symbol, as read from the {@code marks} topic and as fanned out to each holder.
 *
 * @param symbol      the instrument's stream key ({@link StreamVenue#key}): {@code BTCUSDT} on Binance USDⓈ-M,
 *                    {@code OKX:BTC-USDT-SWAP} on another venue
 * @param markPrice   the exchange's mark price, USDT, &gt; 0 (what margin and liquidation use)
 * @param indexPrice  the spot index price, USDT, &gt; 0, or NaN when not sent
 * @param fundingRate the current funding rate as a fraction per funding interval (0.0001 = 0.01 %), in [−1, 1]; a tick read
 *                    from {@code marks} within ±{@link InputBounds#MAX_FUNDING_RATE}
 * @param eventTimeMs when the exchange computed the mark, epoch milliseconds (parsed in any unit, within 2009..now+5 min);
 *                    read also under its old name {@code eventTime}
 */
public record MarkTick(String symbol, double markPrice, double indexPrice, double fundingRate,
                       @com.fasterxml.jackson.annotation.JsonAlias("eventTime") long eventTimeMs) {
    /** The fields of a {@code marks} record. */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("symbol", "markPrice", "indexPrice", "fundingRate", "eventTimeMs", "eventTime",
            "exchange");
    /**
     * How far ahead of this machine's clock a mark's time may be (clock skew): a later time would make every real
     * mark after it look out of order and freeze the symbol.
     */
    public static final long MAX_AHEAD_MS = 5 * 60_000L;

    public MarkTick {
        Checks.notBlank("symbol", symbol);
        Checks.positive("markPrice", markPrice);
        if (!Double.isNaN(indexPrice)) {
            Checks.positive("indexPrice", indexPrice);
        }
        Checks.inRange("fundingRate", fundingRate, -1, 1);
        if (eventTimeMs < 0) {
            throw new InvalidInputException("eventTimeMs", eventTimeMs + " must be 0 or more (epoch milliseconds)");
        }
    }

    /**
     * Parses a {@code marks} record: {@code {"symbol", "markPrice", "indexPrice"?, "fundingRate"?, "eventTimeMs"?, "exchange"?}}
     * ({@code eventTime}, its old name, is still read). The key is the symbol (or {@code exchange:SYMBOL}); a
     * {@code symbol} field, when present, must agree. The venue is the {@code exchange} field's or the key's, Binance
     * USDⓈ-M when neither names one ({@link StreamVenue#recordKey}); the tick's symbol is the stream key. {@code eventTimeMs} defaults to the
     * record timestamp, {@code fundingRate} to 0.
     *
     * @throws InvalidInputException naming the field at fault
     */
    public static MarkTick parse(String key, String json, long recordTimestamp) {
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("key", "is missing; marks are keyed by symbol");
        }
        if (json == null) {
            throw new InvalidInputException("value", "is missing");
        }
        JsonNode n = JsonInput.object(JsonInput.parse("value", json), "value");
        JsonInput.onlyKnown(n, "", FIELDS);
        String symbol = StreamVenue.recordKey(key, n);
        String plain = StreamVenue.symbolOf(symbol);
        String inBody = JsonInput.text(n, "symbol", "symbol", plain).trim().toUpperCase(Locale.ROOT);
        if (!inBody.equals(plain)) {
            throw new InvalidInputException("symbol", inBody + " does not match the record key " + plain);
        }
        // the input's bounds (InputBounds); the constructor keeps the looser invariants state written earlier holds
        double mark = InputBounds.price("markPrice", JsonInput.number(n, "markPrice", "markPrice"));
        double index = JsonInput.number(n, "indexPrice", "indexPrice", Double.NaN);
        if (!Double.isNaN(index)) {
            InputBounds.price("indexPrice", index);
        }
        double funding = InputBounds.fundingRate("fundingRate", JsonInput.number(n, "fundingRate", "fundingRate", 0));
        String t = timeField(n);
        long time = EpochTime.millis(t, JsonInput.number(n, t, t, recordTimestamp), System.currentTimeMillis(), MAX_AHEAD_MS);
        return new MarkTick(symbol, mark, index, funding, time);
    }

    /** {@code eventTimeMs}, or {@code eventTime} (its old name, which records already written carry); not both. */
    static String timeField(JsonNode n) {
        if (n.has("eventTimeMs") && n.has("eventTime")) {
            throw new InvalidInputException("eventTime", "give only eventTimeMs (eventTime is its old name)");
        }
        return n.has("eventTime") ? "eventTime" : "eventTimeMs";
    }
}
