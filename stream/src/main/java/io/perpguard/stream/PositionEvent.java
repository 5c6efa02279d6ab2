package io.perpguard.stream;

import io.perpguard.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.EpochTime;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.util.Locale;

/**
 * One event of an account, as read from the {@code positions} topic (key: account). Every event carries an
 * {@code eventId}; an id seen before is a redelivery and changes nothing.
 * <pre>
 * {"eventId": "e-17", "type": "opened", "symbol": "BTCUSDT", "side": "long", "qty": 0.5, "price": 60000,
 *  "leverage": 20, "marginMode": "cross", "positionSide": "both", "fee": 12, "eventTimeMs": 1700000000000}
 * </pre>
 * Types and their fields: {@code opened} (symbol, side, qty, price, leverage, marginMode?, positionSide?),
 * {@code increased} (symbol, qty, price), {@code reduced} (symbol, qty, price), {@code closed} (symbol, price),
 * {@code margin-added} (symbol, amount: negative removes margin; isolated positions only), {@code wallet-transfer}
 * (amount: positive deposit, negative withdrawal). {@code positionSide} (default both) selects the hedge leg;
 * {@code fee} (default 0) is paid from the wallet. {@code exchange} (optional) must be Binance USDⓈ-M, the one venue
 * the stream prices ({@link StreamVenue}); any other is refused, not priced by Binance's rules.
 *
 * @param qty    base units, &gt; 0 (NaN when the type has none)
 * @param price  fill price, USDT, &gt; 0 (NaN when the type has none)
 * @param amount USDT, signed (NaN when the type has none)
 */
public record PositionEvent(String eventId, Type type, String symbol, Side side, double qty, double price,
                            double leverage, MarginMode marginMode, PositionSide positionSide, double amount,
                            double fee, @com.fasterxml.jackson.annotation.JsonAlias("eventTime") long eventTimeMs) {
    /** Every field a {@code positions} record may carry (which apply depends on {@code type}). */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("eventId", "type", "eventTimeMs", "eventTime", "fee", "amount", "symbol",
            "positionSide", "side", "qty", "price", "leverage", "marginMode", "exchange");
    /** What happened. */
    public enum Type {
        OPENED, INCREASED, REDUCED, CLOSED, MARGIN_ADDED, WALLET_TRANSFER;

        /** Wire name: lower case with dashes ({@code margin-added}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Type parse(String text) {
            String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Type x : values()) {
                if (x.name().equals(t)) {
                    return x;
                }
            }
            throw new InvalidInputException("type", "'" + text + "' is not an event type; use opened, increased, reduced, closed, "
                    + "margin-added or wallet-transfer");
        }
    }

    /**
     * Parses a {@code positions} record. {@code eventTimeMs} (old name {@code eventTime}, still read) defaults to the
     * record timestamp.
     *
     * @throws InvalidInputException naming the field at fault (negative qty, NaN price, a price or amount outside
     *                               {@link InputBounds}, unknown type, ...)
     */
    public static PositionEvent parse(String account, String json, long recordTimestamp) {
        if (account == null || account.isBlank()) {
            throw new InvalidInputException("key", "is missing; position events are keyed by account");
        }
        if (json == null) {
            throw new InvalidInputException("value", "is missing");
        }
        JsonNode n = JsonInput.object(JsonInput.parse("value", json), "value");
        JsonInput.onlyKnown(n, "", FIELDS);
        if (n.has("exchange")) {
            // optional; the stream prices one venue, and an account of another would be priced by its rules
            StreamVenue.requireExchange("exchange", JsonInput.text(n, "exchange", "exchange"));
        }
        String id = Checks.notBlank("eventId", JsonInput.text(n, "eventId", "eventId"));
        if (id.indexOf(MarginTopology.SEP) >= 0) {
            // ids are kept per partition as account|eventId: "b|1" of account "a" would be account "a|b"'s "1"
            throw new InvalidInputException("eventId", "'" + DeadLetter.cut(id, 60) + "' must not contain '" + MarginTopology.SEP
                    + "' (it separates the account from the id where ids are kept)");
        }
        Type type = Type.parse(JsonInput.text(n, "type", "type"));
        String t = MarkTick.timeField(n);
        long time = EpochTime.millis(t, JsonInput.number(n, t, t, recordTimestamp), System.currentTimeMillis(), MarkTick.MAX_AHEAD_MS);
        double fee = InputBounds.fee("fee", JsonInput.number(n, "fee", "fee", 0));
        if (type == Type.WALLET_TRANSFER) {
            double amount = InputBounds.amount("amount", JsonInput.number(n, "amount", "amount"));
            return new PositionEvent(id, type, null, null, Double.NaN, Double.NaN, Double.NaN, null, null, amount, fee, time);
        }
        String symbol = JsonInput.text(n, "symbol", "symbol").trim().toUpperCase(Locale.ROOT);
        Checks.notBlank("symbol", symbol);
        PositionSide ps = PositionSide.parse("positionSide", JsonInput.text(n, "positionSide", "positionSide", "both"));
        return switch (type) {
            case OPENED -> {
                Side side = Side.parse("side", JsonInput.text(n, "side", "side"));
                if (ps == PositionSide.LONG && side != Side.LONG || ps == PositionSide.SHORT && side != Side.SHORT) {
                    throw new InvalidInputException("positionSide", "hedge-mode leg " + ps.label() + " cannot hold a " + side.label() + " position");
                }
                double qty = InputBounds.qty("qty", JsonInput.number(n, "qty", "qty"));
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                double lev = Checks.inRange("leverage", JsonInput.number(n, "leverage", "leverage"), 1, 1000);
                MarginMode mode = MarginMode.parse("marginMode", JsonInput.text(n, "marginMode", "marginMode", "cross"));
                yield new PositionEvent(id, type, symbol, side, qty, price, lev, mode, ps, Double.NaN, fee, time);
            }
            case INCREASED, REDUCED -> {
                double qty = InputBounds.qty("qty", JsonInput.number(n, "qty", "qty"));
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                yield new PositionEvent(id, type, symbol, null, qty, price, Double.NaN, null, ps, Double.NaN, fee, time);
            }
            case CLOSED -> {
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                yield new PositionEvent(id, type, symbol, null, Double.NaN, price, Double.NaN, null, ps, Double.NaN, fee, time);
            }
            case MARGIN_ADDED -> {
                double amount = InputBounds.amount("amount", JsonInput.number(n, "amount", "amount"));
                yield new PositionEvent(id, type, symbol, null, Double.NaN, Double.NaN, Double.NaN, null, ps, amount, fee, time);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

}
