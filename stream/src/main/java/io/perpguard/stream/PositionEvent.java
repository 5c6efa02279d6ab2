package io.perpguard.stream;

import io.perpguard.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
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
 * {@code fee} (default 0) is paid from the wallet. {@code exchange} (optional, the ids of {@code calc --exchange}; default
 * binance, Binance USDⓈ-M) is the account's venue ({@link StreamVenue}): its symbols in the venue's spelling, its
 * amounts in the settlement currency of its contracts (coin for coin-margined ones). A size is {@code qty} in base units
 * (coin for an inverse contract, turned into whole contracts of USD face at the fill price) or {@code contracts}, whole
 * contracts of the venue's size, as in an account file.
 * <p>An opening, increase or reduce is one fill. {@code orderQty} (optional) says it is part of an order and gives the
 * order's total size in the fill's own unit (Binance's {@code ORDER_TRADE_UPDATE} {@code q} beside the fill's {@code l}):
 * the venue's minimum quantity and notional then bind the order, not the fill ({@link AccountEngine}).
 * <p>{@code collateral} (asset, amount, collateralRatio, indexPrice: every field, as an account file's {@code collateral}
 * entry) states one asset of a shared-collateral account beside its wallet: how much of it the account holds now, the
 * share of its value the venue counts and its USD index price. A later statement of the asset replaces it (an index
 * move is a statement with the new {@code indexPrice}); amount 0 drops it.
 * <pre>
 * {"eventId": "c-1", "type": "collateral", "exchange": "bybit-uta", "asset": "BTC", "amount": 0.05, "collateralRatio": 0.95,
 *  "indexPrice": 60000}
 * </pre>
 *
 * @param symbol    the instrument's stream key ({@link StreamVenue#key}); null for a wallet transfer
 * @param qty       base units (coin for an inverse contract), &gt; 0 (NaN when the type has none or {@code contracts} is given)
 * @param price     fill price, quote currency, &gt; 0 (NaN when the type has none)
 * @param amount    settlement currency, signed (NaN when the type has none)
 * @param exchange  the account's venue
 * @param contracts size in contracts of the venue, &gt; 0 (NaN when {@code qty} is given)
 * @param collateral the asset a {@code collateral} event states (null for other types)
 * @param orderQty  the total size of the order this fill is part of, in the fill's unit ({@code qty} or {@code contracts}),
 *                  at least the fill; NaN when not given (the fill is taken as a whole order)
 */
public record PositionEvent(String eventId, Type type, String symbol, Side side, double qty, double price,
                            double leverage, MarginMode marginMode, PositionSide positionSide, double amount,
                            double fee, @com.fasterxml.jackson.annotation.JsonAlias("eventTime") long eventTimeMs,
                            io.perpguard.venue.Exchange exchange, double contracts, AccountFile.Collateral collateral,
                            double orderQty) {
    /** The optional field naming the total size of the order a fill is part of. */
    public static final String ORDER_QTY = "orderQty";
    /** Every field a {@code positions} record may carry (which apply depends on {@code type}). */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("eventId", "type", "eventTimeMs", "eventTime", "fee", "amount", "symbol",
            "positionSide", "side", "qty", "price", "leverage", "marginMode", "exchange", "contracts", "asset", "collateralRatio", "indexPrice", ORDER_QTY);
    /** What happened. */
    public enum Type {
        OPENED, INCREASED, REDUCED, CLOSED, MARGIN_ADDED, WALLET_TRANSFER, COLLATERAL;

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
                    + "margin-added, wallet-transfer or collateral");
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
        io.perpguard.venue.Exchange ex = StreamVenue.exchange(n);
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
            return new PositionEvent(id, type, null, null, Double.NaN, Double.NaN, Double.NaN, null, null, amount, fee, time, ex, Double.NaN, null, Double.NaN);
        }
        if (type == Type.COLLATERAL) {
            return new PositionEvent(id, type, null, null, Double.NaN, Double.NaN, Double.NaN, null, null, Double.NaN, fee, time, ex, Double.NaN,
                    collateral(n), Double.NaN);
        }
        String plain = JsonInput.text(n, "symbol", "symbol").trim().toUpperCase(Locale.ROOT);
        Checks.notBlank("symbol", plain);
        String symbol = StreamVenue.key(ex, plain);
        PositionSide ps = PositionSide.parse("positionSide", JsonInput.text(n, "positionSide", "positionSide", "both"));
        return switch (type) {
            case OPENED -> {
                Side side = Side.parse("side", JsonInput.text(n, "side", "side"));
                if (ps == PositionSide.LONG && side != Side.LONG || ps == PositionSide.SHORT && side != Side.SHORT) {
                    throw new InvalidInputException("positionSide", "hedge-mode leg " + ps.label() + " cannot hold a " + side.label() + " position");
                }
                double contracts = contracts(n);
                double qty = Double.isNaN(contracts) ? InputBounds.qty("qty", JsonInput.number(n, "qty", "qty")) : Double.NaN;
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                double lev = Checks.inRange("leverage", JsonInput.number(n, "leverage", "leverage"), 1, 1000);
                MarginMode mode = MarginMode.parse("marginMode", JsonInput.text(n, "marginMode", "marginMode", "cross"));
                yield new PositionEvent(id, type, symbol, side, qty, price, lev, mode, ps, Double.NaN, fee, time, ex, contracts, null,
                        orderQty(n, qty, contracts));
            }
            case INCREASED, REDUCED -> {
                double contracts = contracts(n);
                double qty = Double.isNaN(contracts) ? InputBounds.qty("qty", JsonInput.number(n, "qty", "qty")) : Double.NaN;
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                yield new PositionEvent(id, type, symbol, null, qty, price, Double.NaN, null, ps, Double.NaN, fee, time, ex, contracts, null,
                        orderQty(n, qty, contracts));
            }
            case CLOSED -> {
                double price = InputBounds.price("price", JsonInput.number(n, "price", "price"));
                yield new PositionEvent(id, type, symbol, null, Double.NaN, price, Double.NaN, null, ps, Double.NaN, fee, time, ex, Double.NaN, null, Double.NaN);
            }
            case MARGIN_ADDED -> {
                double amount = InputBounds.amount("amount", JsonInput.number(n, "amount", "amount"));
                yield new PositionEvent(id, type, symbol, null, Double.NaN, Double.NaN, Double.NaN, null, ps, amount, fee, time, ex, Double.NaN, null, Double.NaN);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    /**
     * A {@code collateral} event's asset, read and checked as an account file's {@code collateral} entry is
     * ({@link AccountFile#parseCollateral}: every field required, the same ranges and words), the field named as sent.
     */
    private static AccountFile.Collateral collateral(JsonNode n) {
        com.fasterxml.jackson.databind.node.ObjectNode entry = JsonInput.MAPPER.createObjectNode();
        for (String f : AccountFile.COLLATERAL_FIELDS) {
            if (n.has(f)) {
                entry.set(f, n.get(f));
            }
        }
        try {
            return AccountFile.parseCollateral(JsonInput.MAPPER.createArrayNode().add(entry), "collateral").get(0);
        } catch (InvalidInputException e) {
            String field = e.field().replace("collateral[0].", "");
            throw new InvalidInputException(field, e.getMessage().substring(e.getMessage().indexOf(": ") + 2).replace("collateral[0].", ""));
        }
    }

    /**
     * {@code orderQty}, when given: the order's total size in the fill's unit ({@code contracts} when the fill gives
     * contracts, else {@code qty}), a number (or a numeric string, as venues send it) from the fill's size to the size
     * field's own bound; NaN when absent or null. A value outside it cannot be the order this fill belongs to.
     */
    private static double orderQty(JsonNode n, double qty, double contracts) {
        JsonNode v = n.get(ORDER_QTY);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        boolean inContracts = !Double.isNaN(contracts);
        double fill = inContracts ? contracts : qty;
        double most = inContracts ? MAX_CONTRACTS : InputBounds.MAX_QTY;
        String range = "the allowed range is the order's total " + (inContracts ? "contracts" : "qty") + ", from this fill's "
                + Checks.fmt(fill) + " to " + Checks.fmt(most);
        double o;
        try {
            o = JsonInput.asNumber(v, ORDER_QTY);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(ORDER_QTY, e.problem() + "; " + range);
        }
        if (!(o >= fill && o <= most)) {
            throw new InvalidInputException(ORDER_QTY, Checks.fmt(o) + " is outside the allowed range: " + range.substring(range.indexOf("the order's"))
                    + (o < fill && o > 0 ? " (an order is at least the fill it is part of)" : ""));
        }
        return o;
    }

    /** The most {@code contracts} a fill may give. */
    private static final double MAX_CONTRACTS = 1e9;

    /**
     * {@code contracts}, when given instead of {@code qty}: more than 0, at most 10⁹ (whole contracts or lots are the
     * contract's to check, {@link AccountEngine}); NaN when absent.
     */
    private static double contracts(JsonNode n) {
        if (!n.has("contracts")) {
            return Double.NaN;
        }
        if (n.has("qty")) {
            throw new InvalidInputException("qty", "give qty or contracts, not both");
        }
        double c = JsonInput.number(n, "contracts", "contracts");
        if (!(c > 0 && c <= MAX_CONTRACTS)) {
            throw new InvalidInputException("contracts", Checks.fmt(c) + " is outside the allowed range more than 0 to 1,000,000,000");
        }
        return c;
    }
}
