package io.perpguard.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.perpguard.app.CalcUseCase;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Side;

import java.io.IOException;

/**
 * Reads a plain {@code POST /api/calc} position body with Jackson's streaming parser straight into a
 * {@link CalcUseCase.Request}, without a tree. Plain: one object of known calc fields, each once, texts as strings,
 * numbers as finite JSON numbers, symbol, side, entryPrice and leverage present, no other venue ({@code exchange},
 * {@code mmr}, {@code mmAmount}). Anything else gives null and the caller reads the body as a tree
 * ({@code CalculatorRoutes.calc}), which accepts it (nulls, numbers as text, an account, another venue) or names the
 * problem (unknown field with "did you mean", missing field, malformed JSON with its line and column): both readers
 * give the same request, or the same one-line error.
 */
final class CalcBody {
    /** A default factory: the tree reader's parser features (duplicates are found here by the {@code seen} bits). */
    private static final JsonFactory FACTORY = new JsonFactory();

    private CalcBody() {
    }

    /** The request of a plain body, null for any other body. */
    static CalcUseCase.Request read(byte[] body) {
        String symbol = null, side = null, mode = null;
        double entry = 0, leverage = 0;
        Double qty = null, notional = null, wallet = null, mark = null, marginAdded = null, contracts = null;
        int seen = 0;
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                int bit;
                JsonToken t = p.nextToken();
                switch (name) {
                    case "symbol" -> { bit = 1; symbol = text(p, t); }
                    case "side" -> { bit = 1 << 1; side = text(p, t); }
                    case "marginMode" -> { bit = 1 << 2; mode = text(p, t); }
                    case "entryPrice" -> { bit = 1 << 3; entry = number(p, t); }
                    case "leverage" -> { bit = 1 << 4; leverage = number(p, t); }
                    case "qty" -> { bit = 1 << 5; qty = number(p, t); }
                    case "notional" -> { bit = 1 << 6; notional = number(p, t); }
                    case "walletBalance" -> { bit = 1 << 7; wallet = number(p, t); }
                    case "markPrice" -> { bit = 1 << 8; mark = number(p, t); }
                    case "marginAdded" -> { bit = 1 << 9; marginAdded = number(p, t); }
                    case "contracts" -> { bit = 1 << 10; contracts = number(p, t); }
                    default -> { return null; }
                }
                if ((seen & bit) != 0 || (bit < 1 << 3 ? t != JsonToken.VALUE_STRING : !t.isNumeric())) {
                    return null;
                }
                seen |= bit;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || (seen & 0b11011) != 0b11011
                    || !Double.isFinite(entry) || !Double.isFinite(leverage) || !finite(qty) || !finite(notional)
                    || !finite(wallet) || !finite(mark) || !finite(marginAdded) || !finite(contracts)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        // as the tree reader: side, then margin mode, then the request's own checks
        return new CalcUseCase.Request(symbol, Side.parse("side", side), entry, qty, notional, leverage,
                mode == null ? null : MarginMode.parse("marginMode", mode), wallet, mark, marginAdded == null ? 0 : marginAdded, contracts);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /**
     * NaN for a value that is not a number (the type check after it returns null), or one a double cannot hold
     * ({@code 1e-999} read as 0: the tree reader names it out of range as written).
     */
    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t == null || !t.isNumeric()) {
            return Double.NaN;
        }
        double v = p.getDoubleValue();
        return io.perpguard.Checks.underflows(p.getText(), v) ? Double.NaN : v;
    }

    private static boolean finite(Double v) {
        return v == null || Double.isFinite(v);
    }
}
