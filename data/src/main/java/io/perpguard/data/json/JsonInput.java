package io.perpguard.data.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Strict reading of user-supplied JSON: every problem becomes an {@link InvalidInputException} naming the file,
 * the field path and what was wrong — never a parser stack trace.
 */
public final class JsonInput {
    /**
     * The one mapper for user-supplied JSON (files, API bodies, stream events); thread-safe. Rejects duplicate keys,
     * trailing tokens, unknown properties (when binding to a type) and nulls for primitives; keeps big numbers exact.
     * Tree readers refuse unknown fields with {@link #onlyKnown}.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * {@link #MAPPER} with numbers read as doubles: for requests whose figures feed analytics in double (the API's
     * calculators and checklist) and store nothing, so no {@code BigDecimal} is built per number.
     */
    private static final ObjectMapper DOUBLES = MAPPER.copy().disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // duplicate keys found while the tree is built, without the parser's set of every key of every object
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /**
     * Refuses any field of {@code obj} not in {@code known}, naming it with its path ({@code prefix} + name, e.g.
     * {@code positions[0].marginmode}) and the closest known field when it looks like a misspelling.
     */
    public static void onlyKnown(JsonNode obj, String prefix, java.util.Collection<String> known) {
        if (obj == null || !obj.isObject()) {
            return;
        }
        for (java.util.Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                String near = closest(f, known);
                String shown = f.length() > 60 ? f.substring(0, 60) + "…" : f;
                throw new InvalidInputException(prefix + shown, "unknown field" + (near == null ? "" : " (did you mean '" + near + "'?)")
                        + "; known: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    /**
     * Spellings perpguard's JSON does not use → the one name it does (docs/DESIGN.md, "Field names"): a body sending
     * one is told the name; readers of files written before a rename accept the old name themselves.
     */
    public static final java.util.Map<String, String> RENAMED = java.util.Map.ofEntries(
            java.util.Map.entry("entry", "entryPrice"), java.util.Map.entry("mark", "markPrice"),
            java.util.Map.entry("wallet", "walletBalance"), java.util.Map.entry("balance", "walletBalance"),
            java.util.Map.entry("rate", "fundingRate"), java.util.Map.entry("payoffRatio", "payoff"),
            java.util.Map.entry("liquidationDistancePct", "distanceToLiquidationPct"), java.util.Map.entry("quantity", "qty"),
            java.util.Map.entry("size", "qty"), java.util.Map.entry("lev", "leverage"), java.util.Map.entry("liqPrice", "liquidationPrice"),
            java.util.Map.entry("oiChangePct", "openInterestChangePct"));

    /** The known name nearest to {@code f} (case, '_'/'-' and up to two edits apart, or one a prefix of the other), or null. */
    public static String closest(String f, java.util.Collection<String> known) {
        String renamed = RENAMED.get(f);
        if (renamed != null && known.contains(renamed)) {
            return renamed;   // e.g. entry, mark: a position's prices are entryPrice and markPrice everywhere
        }
        String key = f.toLowerCase(java.util.Locale.ROOT).replaceAll("[_\\-\\s]", "");
        String best = null;
        int bestD = 3;
        for (String k : known) {
            if (RENAMED.containsKey(k)) {
                continue;   // an old name still read is never the suggestion
            }
            int d = distance(key, k.toLowerCase(java.util.Locale.ROOT), bestD);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        if (best == null && key.length() >= 4) {
            // one name a shortening of the other (maxLeverage / maxLever, liquidationFee / liquidationFeeRate)
            int bestGap = Integer.MAX_VALUE;
            for (String k : known) {
                if (RENAMED.containsKey(k)) {
                    continue;
                }
                String kk = k.toLowerCase(java.util.Locale.ROOT);
                if (kk.length() >= 4 && (kk.startsWith(key) || key.startsWith(kk)) && Math.abs(kk.length() - key.length()) < bestGap) {
                    bestGap = Math.abs(kk.length() - key.length());
                    best = k;
                }
            }
        }
        return best;
    }

    private static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap || a.length() > 64) {
            return cap;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private JsonInput() {
    }

    /**
     * Reads and parses a JSON file; a missing or malformed file is reported as a bad value of {@code field}. A UTF-8 byte
     * order mark in front (Windows Notepad writes one) is read past, as every CSV reader does: it was "malformed JSON at
     * line 1, column 1: Unexpected character ('\uFEFF' (code 65279 / 0xfeff))".
     */
    public static JsonNode readFile(String field, Path file) {
        String text = io.perpguard.data.io.InputFile.readText(field, file, io.perpguard.data.io.InputFile.MAX_JSON);
        return parse(field + " (" + file + ")", text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * {@code read}'s result; a field's error names {@code file} as account files do ("(in FILE)"): a plan's
     * {@code "entryPrice": "60000"} said which field, not which file.
     */
    public static <T> T inFile(Path file, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            throw inFile(file, e);
        }
    }

    /** {@code e} naming {@code file} ("(in FILE)"), for a file field's error found after the file was read; itself when it names it. */
    public static InvalidInputException inFile(Path file, InvalidInputException e) {
        return e.getMessage().contains(file.toString()) ? e : new InvalidInputException(e.field(), e.problem() + " (in " + file + ")");
    }

    /** Parses JSON text; malformed text names the line and column. */
    public static JsonNode parse(String field, String text) {
        try {
            return notEmpty(field, MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw malformed(field, e);
        }
    }

    /**
     * Parses UTF-8 JSON with every number as a double (no exact decimals: only for figures that are analytics, never
     * stored money); malformed text names the line and column.
     */
    public static JsonNode parseDoubles(String field, byte[] utf8) {
        try {
            try (JsonParser p = new ExactWhenLost(DOUBLES.createParser(utf8))) {
                return notEmpty(field, DOUBLES.readTree(p));   // trailing tokens are still refused (_readValue checks them)
            }
        } catch (JsonProcessingException e) {
            throw malformed(field, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A parser for the doubles reader that keeps, as an exact decimal, a number a double cannot hold — one too large
     * ({@code 1e999}, Infinity) or too small ({@code 1e-999}, 0; a subnormal) — so {@link #asNumber} names it out of range
     * as written, where the double alone said "0 must be greater than 0". Every other number stays a double.
     */
    private static final class ExactWhenLost extends com.fasterxml.jackson.core.util.JsonParserDelegate {
        ExactWhenLost(JsonParser p) {
            super(p);
        }

        @Override
        public NumberTypeFP getNumberTypeFP() throws IOException {
            if (delegate.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
                double v = delegate.getDoubleValue();
                if (!Double.isFinite(v) || io.perpguard.Checks.underflows(delegate.getText(), v)) {
                    return NumberTypeFP.BIG_DECIMAL;
                }
            }
            return delegate.getNumberTypeFP();
        }
    }

    private static JsonNode notEmpty(String field, JsonNode n) {
        if (n == null || n.isMissingNode()) {
            throw new InvalidInputException(field, "is empty, expected JSON");
        }
        return n;
    }

    private static InvalidInputException malformed(String field, JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String m = e.getOriginalMessage();
        if (m != null && m.startsWith("Duplicate field '") && m.indexOf('\'', 17) > 0) {
            m = m.substring(0, m.indexOf('\'', 17) + 1);   // the tree reader's message names a Jackson feature; the parser's does not
        }
        return new InvalidInputException(field, "malformed JSON" + where + ": " + libraryMessage(m));
    }

    private static final java.util.regex.Pattern SOURCE =
            java.util.regex.Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+(, column: \\d+)?)]");

    /**
     * A parser's message made fit for a one-line error, whole: its first line, Jackson's {@code [Source: REDACTED
     * (`StreamReadFeature...` disabled); line: 1, column: 1]} said as "line 1, column 1", echoed input longer than 80
     * characters cut to an excerpt ({@link io.perpguard.Checks#clip}). Cutting the message itself at 60 characters left
     * "expected close marker for Object (s…".
     */
    public static String libraryMessage(String m) {
        String first = m == null ? "" : m.lines().findFirst().orElse("").strip()
                // Jackson's advice to its programmer ("Non-standard token 'NaN': enable `JsonReadFeature...` to allow"): JSON has no NaN
                .replaceFirst(": enable `[^`]*NON_NUMERIC[^`]*` to allow", " (JSON has no NaN or Infinity: give a number)")
                // a second value after the first, a comment: said as a trader reads them, not as the parser's settings
                .replaceFirst(" \\(bound as `[^`]*`\\): not allowed as per `[^`]*`", ": a file or body holds one JSON value")
                .replaceFirst("\\(not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser\\)", "(JSON has no comments)")
                .replaceFirst(": enable `[^`]*` to allow", " (not standard JSON)")
                // "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"
                .replaceFirst("Document nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+), from `[^`]*`\\)",
                        "arrays and objects nested more than $1 deep");
        return io.perpguard.Checks.clip(SOURCE.matcher(first).replaceAll(r -> r.group(1).replace(":", "")).replaceAll("\\p{Cntrl}", "?"));
    }

    /** A required number at {@code path} (e.g. {@code positions[0].qty}); strings such as "NaN" or "lots" are refused. */
    public static double number(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        return asNumber(n, path);
    }

    /** An optional number, {@code fallback} when absent or null. */
    public static double number(JsonNode obj, String name, String path, double fallback) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return asNumber(n, path);
    }

    /**
     * A required number written as a JSON number, for files a trader writes (account files): a quoted figure ("0.5") is
     * refused naming the field — it is how a spreadsheet or a script that never meant a number writes one. Venue payloads,
     * which quote their numbers, go through {@link #number(JsonNode, String, String)}.
     */
    public static double literalNumber(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        return asLiteralNumber(n, path);
    }

    /** {@link #literalNumber(JsonNode, String, String)}, {@code fallback} when absent or null. */
    public static double literalNumber(JsonNode obj, String name, String path, double fallback) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return asLiteralNumber(n, path);
    }

    /**
     * An optional whole number written as a JSON number (a count, a seed): {@link #literalNumber(JsonNode, String, String, double)}
     * that is whole and at most {@code max} in size — a fraction is refused, not cut ({@code "positions": 2.5} was read as 2).
     */
    public static long wholeNumber(JsonNode obj, String name, String path, long fallback, double max) {
        return io.perpguard.Checks.whole(path, literalNumber(obj, name, path, fallback), max);
    }

    /** The node as a finite JSON number (an array element of a file a trader writes); a quoted figure is refused. */
    public static double asLiteralNumber(JsonNode n, String path) {
        if (n.isTextual()) {
            asNumber(n, path);   // "lots" and "NaN" keep their own words: not a number, not a finite number
            throw new InvalidInputException(path, "\"" + io.perpguard.data.io.Excerpt.of(n.textValue())
                    + "\" is a string; write the number without quotes");
        }
        return asNumber(n, path);
    }

    /** The node as a finite number; numeric strings (as Binance sends them, "0.0040") are accepted. */
    public static double asNumber(JsonNode n, String path) {
        double v;
        if (n.isNumber()) {
            v = n.doubleValue();
        } else if (n.isTextual()) {
            // one grammar for numbers written as text ("0.0040", as venues send them): 60000d, 0x1p4 and ١٢٣ are not numbers
            v = io.perpguard.Checks.parse(path, "'" + io.perpguard.data.io.Excerpt.of(n.textValue()) + "'", n.textValue());
        } else {
            throw new InvalidInputException(path, io.perpguard.data.io.Excerpt.of(n.toString()) + " is not a number");
        }
        if (!Double.isFinite(v) || Math.abs(v) < io.perpguard.Checks.MIN_MAGNITUDE) {
            // 1e999 or 1e-999 read as a decimal keeps its digits (1E+999, shown as written; the doubles reader keeps such a
            // number as a decimal, ExactWhenLost); read as a double it is Infinity or 0: no text
            String text = n.isTextual() ? n.textValue() : n.isBigDecimal() || n.isBigInteger() ? n.numberValue().toString() : null;
            String shown = n.isTextual() ? io.perpguard.data.io.Excerpt.of(text)
                    : text == null ? null : io.perpguard.data.io.Excerpt.of(text.replace("E+", "e").replace('E', 'e'));
            io.perpguard.Checks.read(path, shown, text, v);
        }
        return v;
    }

    /** A required string. */
    public static String text(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(path, io.perpguard.data.io.Excerpt.of(n.toString()) + " is not a string");
        }
        return n.textValue();
    }

    /** An optional string. */
    public static String text(JsonNode obj, String name, String path, String fallback) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(path, io.perpguard.data.io.Excerpt.of(n.toString()) + " is not a string");
        }
        return n.textValue();
    }

    /** A required array. */
    public static JsonNode array(JsonNode obj, String name, String path) {
        JsonNode n = obj.get(name);
        if (n == null || !n.isArray()) {
            throw new InvalidInputException(path, n == null ? "is missing" : "must be an array");
        }
        return n;
    }

    /** Requires an object node. */
    public static JsonNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(path, "must be a JSON object");
        }
        return n;
    }
}
