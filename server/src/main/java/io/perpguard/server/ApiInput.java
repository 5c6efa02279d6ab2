package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Strict reading of request bodies: every problem names its field. Numbers are JSON numbers: a quoted figure
 * ({@code "qty": "0.5"}) is refused naming the field, as in account and plan files ({@link JsonInput#literalNumber}).
 */
final class ApiInput {
    private ApiInput() {
    }

    /** Parses a request body that must be a JSON object. */
    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is empty, expected a JSON object");
        }
        return JsonInput.object(JsonInput.parse("body", body), "body");
    }

    /**
     * Parses a request body that must be a JSON object, numbers as doubles: for the calculators and the checklist,
     * whose figures are analytics in double and never stored (stored money goes through {@link #object}).
     */
    static JsonNode figures(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        if (i == body.length) {
            throw new InvalidInputException("body", "is empty, expected a JSON object");
        }
        return JsonInput.object(JsonInput.parseDoubles("body", body), "body");
    }

    static void onlyKnown(JsonNode n, Set<String> known) {
        JsonInput.onlyKnown(n, "", known);
    }

    /** An exact decimal (numbers keep their digits), finite; a quoted figure is refused ({@link JsonInput#asLiteralNumber}). */
    static BigDecimal decimal(JsonNode n, String name, BigDecimal fallback) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new InvalidInputException(name, "is missing");
            }
            return fallback;
        }
        JsonInput.asLiteralNumber(v, name);   // refuses NaN, strings (numeric or not), objects
        BigDecimal d = v.decimalValue();
        if (d.abs().compareTo(BigDecimal.TEN.pow(15)) > 0) {
            throw new InvalidInputException(name, Checks.fmt(d.doubleValue()) + " is outside the allowed range -1,000,000,000,000,000 to "
                    + "1,000,000,000,000,000");
        }
        return d;
    }

    /**
     * A wallet balance for a column of {@code scale} decimal places: 0 to 10¹⁵ ({@link io.perpguard.InputBounds#balance}, as
     * {@code calc --wallet} and every account file) — a wallet of 2e15 was told the range of a transfer, -10¹⁵ to 10¹⁵.
     */
    static BigDecimal balance(JsonNode n, String name, BigDecimal fallback, int scale) {
        JsonNode v = n.get(name);
        if (v != null && !v.isNull()) {
            io.perpguard.InputBounds.balance(name, JsonInput.asLiteralNumber(v, name));
        }
        return decimal(n, name, fallback, scale);
    }

    static BigDecimal positiveDecimal(JsonNode n, String name, BigDecimal fallback) {
        BigDecimal d = decimal(n, name, fallback);
        Checks.positive(name, d.doubleValue());
        return d;
    }

    /**
     * {@link #decimal} for a column of {@code scale} decimal places: more places are refused, not rounded by the database
     * (a wallet of 1e-19 was acknowledged and stored as 0, 100.123456789 as 100.12345679).
     */
    static BigDecimal decimal(JsonNode n, String name, BigDecimal fallback, int scale) {
        return stored(name, decimal(n, name, fallback), scale);
    }

    /** {@link #positiveDecimal} for a column of {@code scale} decimal places, as {@link #decimal(JsonNode, String, BigDecimal, int)}. */
    static BigDecimal positiveDecimal(JsonNode n, String name, BigDecimal fallback, int scale) {
        return stored(name, positiveDecimal(n, name, fallback), scale);
    }

    private static BigDecimal stored(String name, BigDecimal d, int scale) {
        BigDecimal plain = d.stripTrailingZeros();
        if (plain.scale() > scale) {
            String shown = plain.toPlainString();
            throw new InvalidInputException(name, (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown) + " has " + plain.scale()
                    + " decimal places; the desk stores " + scale + " (it would keep "
                    + d.setScale(scale, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + ")");
        }
        return d;
    }

    /**
     * A desk id: a whole JSON number. A numeric string ({@code "subAccountId": "2"}) is refused naming the field, as
     * {@code true} is: the desk's ids are numbers in every answer, and a quoted one is a client's type error.
     */
    static long id(JsonNode n, String name) {
        JsonNode raw = n.get(name);
        if (raw != null && raw.isTextual()) {
            String t = raw.textValue();
            String shown = t.length() > 40 ? t.substring(0, 40) + "…" : t;
            throw new InvalidInputException(name, "\"" + shown + "\" is a string; give the id as a JSON number ("
                    + (t.trim().matches("\\d{1,16}") ? t.trim() : "e.g. 1") + ", no quotes)");
        }
        double v = JsonInput.literalNumber(n, name, name);
        if (v != Math.rint(v) || v < 1 || v > 9e15) {
            throw new InvalidInputException(name, Checks.fmt(v) + " is not an id");
        }
        return (long) v;
    }

    /** The longest name the desk keeps (characters, after trimming). */
    static final int MAX_NAME = 100;
    /** What a name may be, said when one is refused. */
    static final String NAME_FORM = "a name is 1 to " + MAX_NAME + " printable characters (spaces at either end are trimmed)";

    static String name(JsonNode n, String field) {
        // a name is shown on the page and in alerts: no control characters (a NUL was trimmed into an empty name), nor a
        // bidirectional override ("\u202Eevil" was stored and shown reversed): the one rule of names, Checks.printable
        String s = Checks.given(field, Checks.printable(field, JsonInput.text(n, field, field)), NAME_FORM).trim();
        if (s.length() > MAX_NAME) {
            throw new InvalidInputException(field, "is " + s.length() + " characters long: " + NAME_FORM);
        }
        return s;
    }

    static long pathId(String text, String field) {
        try {
            if (!Checks.digits(text)) {   // Long.parseLong reads +1 and ١ as 1
                throw new NumberFormatException(text);
            }
            long v = Long.parseLong(text);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + text + "' is not an id");
        }
    }

    /** One tier's maintenance amount, "mmAmount": it goes with "mmr" (alone it was ignored or refused in CLI words). */
    static Double mmAmount(JsonNode n) {
        Double a = number(n, "mmAmount");
        if (a != null && !n.hasNonNull("mmr")) {
            throw new InvalidInputException("mmAmount", "goes with \"mmr\" (one tier given by hand: its maintenance rate)");
        }
        return a;
    }

    /**
     * The instruments a body prices with at its {@code takerFeePct} (the trader's fee tier, percent; absent: each contract's
     * own): the one reader of the field on every route that takes it ({@link io.perpguard.app.TakerFee}).
     */
    static io.perpguard.instrument.Instruments atTakerFee(JsonNode n, io.perpguard.instrument.Instruments instruments) {
        return io.perpguard.app.TakerFee.on(instruments, number(n, io.perpguard.app.TakerFee.FIELD));
    }

    /** An optional number, null when absent or null. */
    static Double number(JsonNode n, String name) {
        return n.hasNonNull(name) ? JsonInput.literalNumber(n, name, name) : null;
    }

    /** An optional whole number, null when absent or null. */
    static Integer integer(JsonNode n, String name) {
        Double v = number(n, name);
        if (v == null) {
            return null;
        }
        return (int) Checks.whole(name, v, Integer.MAX_VALUE);
    }

    /**
     * An optional whole number within {@code count}'s range, checked as given: {@code "paths": 1e12} is outside the use case's
     * 1 to 20,000, not "at most 2,147,483,647" (the int it would not fit). Null when absent or null.
     */
    static Integer integer(JsonNode n, io.perpguard.app.Count count) {
        Double v = number(n, count.field());
        return v == null ? null : count.check(v);
    }

    /** An optional whole number (a seed), null when absent or null. */
    static Long wholeLong(JsonNode n, String name) {
        Double v = number(n, name);
        if (v == null) {
            return null;
        }
        return Checks.whole(name, v, 9e15);
    }


    /** An optional text, null when absent or null. */
    static String text(JsonNode n, String name) {
        return n.hasNonNull(name) ? JsonInput.text(n, name, name) : null;
    }

    /**
     * An optional switch: JSON {@code true} or {@code false}, {@code fallback} when absent or null. Anything else is refused:
     * Jackson's {@code asBoolean} read {@code "yes"} as false and {@code "no"} as the default, silently.
     */
    static boolean bool(JsonNode n, String name, boolean fallback) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            String t = v.toString();
            throw new InvalidInputException(name, (t.length() > 60 ? t.substring(0, 60) + "…" : t) + " is not true or false");
        }
        return v.booleanValue();
    }

    /** An optional side, null when absent. */
    static Side side(JsonNode n, String name) {
        String t = text(n, name);
        return t == null ? null : Side.parse(name, t);
    }

    /** An optional list of 1 to {@code max} numbers, null when absent. */
    static double[] numbers(JsonNode n, String name, int max, String what) {
        if (!n.hasNonNull(name)) {
            return null;
        }
        JsonNode arr = JsonInput.array(n, name, name);
        if (arr.size() == 0 || arr.size() > max) {
            throw new InvalidInputException(name, "give 1 to " + max + " " + what);
        }
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = JsonInput.asLiteralNumber(arr.get(i), name + "[" + i + "]");
        }
        return v;
    }
}
