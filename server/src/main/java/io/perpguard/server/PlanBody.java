package io.perpguard.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.perpguard.checklist.StopMethod;
import io.perpguard.checklist.TradePlan;
import io.perpguard.margin.Side;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a plain {@code POST /api/check} body — a bare plan — with Jackson's streaming parser straight into a
 * {@link TradePlan}, as {@link CalcBody} does for calc. Plain: one object of the plan fields {@code PlanJson} knows
 * except its bars and the old name {@code entry}, each once, texts as strings, numbers (and {@code targets}' elements)
 * finite JSON numbers; symbol, side, entryPrice, leverage, equity and exactly one of qty or riskPct present, and
 * stopMethod whenever stop is. Anything else gives null and the caller reads the body as a tree with
 * {@code PlanJson} (which takes it or names the problem), so both give the same plan or the same one-line error.
 */
final class PlanBody {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int SYMBOL = 1, SIDE = 1 << 1, THESIS = 1 << 2, METHOD = 1 << 3, TARGETS = 1 << 4, ENTRY = 1 << 5,
            STOP = 1 << 6, LEVERAGE = 1 << 7, EQUITY = 1 << 8, QTY = 1 << 9, RISK = 1 << 10, FUNDING = 1 << 11, OI = 1 << 12;
    private static final int REQUIRED = SYMBOL | SIDE | ENTRY | LEVERAGE | EQUITY;

    private PlanBody() {
    }

    /** The plan of a plain body, null for any other body. */
    static TradePlan read(byte[] body) {
        String symbol = null, side = null, thesis = "", method = null;
        double entry = 0, stop = Double.NaN, leverage = 0, equity = 0, qty = Double.NaN, risk = Double.NaN, funding = Double.NaN,
                oi = Double.NaN;
        List<Double> targets = new ArrayList<>(2);
        int seen = 0;
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                int bit = switch (name) {
                    case "symbol" -> SYMBOL;
                    case "side" -> SIDE;
                    case "thesis" -> THESIS;
                    case "stopMethod" -> METHOD;
                    case "targets" -> TARGETS;
                    case "entryPrice" -> ENTRY;
                    case "stop" -> STOP;
                    case "leverage" -> LEVERAGE;
                    case "equity" -> EQUITY;
                    case "qty" -> QTY;
                    case "riskPct" -> RISK;
                    case "fundingRate" -> FUNDING;
                    case "openInterestChangePct" -> OI;
                    default -> 0;
                };
                if (bit == 0 || (seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
                if (bit <= METHOD) {
                    if (t != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String s = p.getText();
                    switch (bit) {
                        case SYMBOL -> symbol = s;
                        case SIDE -> side = s;
                        case THESIS -> thesis = s;
                        default -> method = s;
                    }
                } else if (bit == TARGETS) {
                    if (t != JsonToken.START_ARRAY) {
                        return null;
                    }
                    for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t == null || !t.isNumeric() || !held(p)) {
                            return null;
                        }
                        targets.add(p.getDoubleValue());
                    }
                } else {
                    if (t == null || !t.isNumeric() || !held(p)) {
                        return null;
                    }
                    double v = p.getDoubleValue();
                    switch (bit) {
                        case ENTRY -> entry = v;
                        case STOP -> stop = v;
                        case LEVERAGE -> leverage = v;
                        case EQUITY -> equity = v;
                        case QTY -> qty = v;
                        case RISK -> risk = v;
                        case FUNDING -> funding = v;
                        default -> oi = v;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || (seen & REQUIRED) != REQUIRED
                    || ((seen & QTY) != 0) == ((seen & RISK) != 0) || ((seen & STOP) != 0 && (seen & METHOD) == 0)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        // as PlanJson.plan: side, then the stop method, then the plan's own checks
        Side s = Side.parse("side", side);
        StopMethod sm = StopMethod.parse("stopMethod", method != null ? method : "none");
        return new TradePlan(symbol.trim().toUpperCase(Locale.ROOT), s, thesis, entry, stop, sm, targets, leverage, equity, qty, risk,
                funding, oi);
    }

    /** The number is finite and held by a double as written ({@code 1e-999} read as 0 is not): else the tree reader names it. */
    private static boolean held(JsonParser p) throws java.io.IOException {
        double v = p.getDoubleValue();
        return Double.isFinite(v) && !io.perpguard.Checks.underflows(p.getText(), v);
    }
}
