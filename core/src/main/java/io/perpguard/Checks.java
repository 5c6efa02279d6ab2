package io.perpguard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Argument checks that name the field, the value and the allowed range.
 * <p>Every failure is an {@link IllegalArgumentException} whose message is one line a user can act on;
 * the CLI turns it into exit code 2 and the API into HTTP 400.
 */
public final class Checks {
    /** The largest amount of money an input may be (a wallet, margin added): the desk's stored amounts hold 10¹⁵. */
    public static final double MAX_AMOUNT = 1e15;

    private Checks() {
    }

    /** Fails unless {@code value} is a finite number (not NaN, not ±Infinity). */
    public static double finite(String field, double value) {
        return finite(field, null, value);
    }

    /**
     * Fails unless {@code value} is a finite number. {@code shown} is the value as the user wrote it (quoted or not, as
     * the caller echoes input), or null when no text is at hand. A number too large for a double ({@code 1e999}) is
     * "out of range", shown as written or with the bound — never as the "Infinity" it was read as; "NaN" or
     * "Infinity" written out is not a finite number.
     */
    public static double finite(String field, String shown, double value) {
        if (Double.isFinite(value)) {
            return value;
        }
        if (Double.isNaN(value) || (shown != null && shown.toLowerCase(Locale.ROOT).contains("inf"))) {
            throw new InvalidInputException(field, (shown == null ? Double.toString(value) : shown) + " is not a finite number");
        }
        throw new InvalidInputException(field, (shown == null ? "" : shown + " ") + "is out of range: beyond ±" + fmt(Double.MAX_VALUE)
                + ", more than any field takes");
    }

    /**
     * The smallest size a number other than 0 may have when it is read from text: {@link Double#MIN_NORMAL},
     * 2.22507e-308. Below it a double holds fewer digits than were written — 1e-320 is held as 9.99989e-321 (a
     * subnormal), 4.9e-325 and 1e-999 as 0 — so the number would not mean what it says; and no figure a trader writes
     * comes near it (the smallest any venue or the desk stores is 10⁻¹⁸). Zero is written as 0.
     */
    public static final double MIN_MAGNITUDE = Double.MIN_NORMAL;

    /**
     * {@code value}, read from {@code text}: finite ({@link #finite(String, String, double)}) and, unless the text is a
     * zero, at least {@link #MIN_MAGNITUDE} in size. {@code 1e-999} used to be read as 0 and then told "0 must be greater
     * than 0", a number the trader never wrote; it is out of range, like {@code 1e999}. {@code shown} as for
     * {@link #finite(String, String, double)}; {@code text} null when there is none (nothing to compare then).
     */
    public static double read(String field, String shown, String text, double value) {
        finite(field, shown, value);
        if (underflows(text, value)) {
            throw new InvalidInputException(field, (shown == null ? "" : shown + " ") + "is out of range: closer to 0 than ±"
                    + fmt(MIN_MAGNITUDE) + ", less than any field takes (write 0 for zero)");
        }
        return value;
    }

    /**
     * True when {@code text} (leading and trailing spaces aside) is a number as a trader writes it — the one grammar of
     * every CLI option, desk body, query parameter and file: an optional sign ({@code -} or {@code +}), ASCII digits with
     * at most one decimal point ({@code 60000}, {@code 0.5}, {@code .5}, {@code 5.}), an optional exponent ({@code e} or
     * {@code E}, an optional sign, digits: {@code 1e-4}, {@code 6E4}). Java's own readers take more, and none of it is how
     * a price or a size is written: {@code Double.parseDouble} reads {@code 60000d}, {@code 60000f} and hexadecimal
     * ({@code 0x1p4} is 16), {@code BigDecimal} and {@code Long.parseLong} read digits of other scripts ({@code ١٢٣} is
     * 123). JSON numbers have their own, narrower grammar (no {@code +}, no {@code .5}); the JSON parser keeps it.
     */
    public static boolean plain(String text) {
        if (text == null) {
            return false;
        }
        int i = 0;
        int n = text.length();
        while (i < n && text.charAt(i) <= ' ') {   // the spaces String.trim() drops
            i++;
        }
        while (n > i && text.charAt(n - 1) <= ' ') {
            n--;
        }
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponent = 0;
            for (; i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** True when {@code text} is one or more ASCII digits and nothing else (an id, a port, a count of days). */
    public static boolean digits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code text} read as a number, the one reader of typed numbers: {@link #plain(String) the grammar}, then
     * {@link #read(String, String, String, double)} (finite, not lost to underflow). {@code shown} is the value as the
     * message echoes it (quoted, cut short by the caller). "NaN" and "Infinity" in any case keep their own words: not a
     * finite number. Anything else outside the grammar: {@code '60000d' is not a number (write it as …)}.
     */
    public static double parse(String field, String shown, String text) {
        if (!plain(text)) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("-") || t.startsWith("+")) {
                t = t.substring(1);
            }
            if (t.equals("nan") || t.equals("infinity") || t.equals("inf")) {
                throw new InvalidInputException(field, shown + " is not a finite number");
            }
            throw new InvalidInputException(field, shown + " is not a number (write it as digits with an optional sign, decimal point "
                    + "and exponent, e.g. 60000, -0.5, 1e-4)");
        }
        return read(field, shown, text, Double.parseDouble(text.trim()));
    }

    /**
     * True when {@code text} writes a number other than 0 that was read as {@code value}, 0 or smaller in size than
     * {@link #MIN_MAGNITUDE}: digits lost to underflow. Decimal ({@code 1e-999}) and hexadecimal ({@code 0x1p-1100})
     * forms, as {@link Double#parseDouble} reads them.
     */
    public static boolean underflows(String text, double value) {
        if (text == null || !(Math.abs(value) < MIN_MAGNITUDE)) {
            return false;
        }
        String t = text.trim();
        int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        boolean hex = t.regionMatches(true, i, "0x", 0, 2);
        for (i += hex ? 2 : 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E') {
                return false;   // the exponent: only the digits before it say whether the number is 0
            }
            if (c >= '1' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return true;
            }
        }
        return false;
    }

    /** Fails unless {@code value} is finite and &gt; 0. */
    public static double positive(String field, double value) {
        finite(field, value);
        if (value <= 0) {
            throw new InvalidInputException(field, fmt(value) + " must be greater than 0");
        }
        return value;
    }

    /** Fails unless {@code value} is finite and &ge; 0. */
    public static double notNegative(String field, double value) {
        finite(field, value);
        if (value < 0) {
            throw new InvalidInputException(field, fmt(value) + " must be 0 or more");
        }
        return value;
    }

    /** Fails unless {@code min <= value <= max}. */
    public static double inRange(String field, double value, double min, double max) {
        finite(field, value);
        if (value < min || value > max) {
            throw new InvalidInputException(field, fmt(value) + " is outside the allowed range " + fmt(min) + " to " + fmt(max));
        }
        return value;
    }

    /**
     * Fails unless {@code value} is finite, over 0 and at most {@code max}, saying so ("over 0"): a floor of 1e-9 in
     * {@link #inRange} read "0.000000001 to 1", a number nobody types. {@code example}: how the unit reads, or null.
     */
    public static double overZero(String field, double value, double max, String example) {
        finite(field, value);
        if (!(value > 0 && value <= max)) {
            throw new InvalidInputException(field, fmt(value) + " is outside the allowed range: over 0, at most " + fmt(max)
                    + (example == null ? "" : " (" + example + ")"));
        }
        return value;
    }

    /**
     * Fails unless {@code value} was given with something in it, saying which: "is missing" (null: not given), "is empty"
     * or "is only spaces" (given, but nothing in it: "is missing" sent the client looking for a field it had sent), each
     * followed by {@code form}, what the field takes. The one wording of the desk's names and the CLI's options.
     */
    public static String given(String field, String value, String form) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, (value == null ? "is missing" : value.isEmpty() ? "is empty" : "is only spaces") + ": " + form);
        }
        return value;
    }

    /** Fails unless {@code value} is non-null and non-blank. */
    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /**
     * Fails when a name a person gives (a sub-account, a journal's source) holds a character that is not shown as itself:
     * a control character (a newline, a NUL, DEL — checked before any trimming, which took a leading newline away unseen
     * and stored the rest), a line or paragraph separator (U+2028, U+2029), or a bidirectional override or isolate
     * (U+202A-U+202E, U+2066-U+2069: "\u202Eevil" was shown reversed, a name that reads as another). The value as given;
     * null passes.
     */
    public static String printable(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InvalidInputException(field, String.format("contains a control character (U+%04X at position %d); use letters, digits, "
                        + "spaces and punctuation", (int) c, i + 1));
            }
            if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                throw new InvalidInputException(field, String.format("contains U+%04X, a character that reorders how text is shown; use letters, "
                        + "digits, spaces and punctuation", (int) c));
            }
        }
        return value;
    }

    /** Fails unless {@code value} is non-null. */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /** The most contracts one plan may name (far beyond any venue's position limit: a typo, not a size). */
    public static final double MAX_CONTRACTS = 1e9;

    /**
     * A size in contracts: more than 0 and at most {@link #MAX_CONTRACTS} (0 or a negative number is no order). Whether a
     * fraction is one is the contract's lot, checked where the contract is known ({@code Contract.requireWholeLots}: whole
     * contracts on most venues, tenths of one on OKX's USDT swaps). One line naming the field and the range.
     */
    public static double contracts(String field, double v) {
        finite(field, v);
        if (!(v > 0) || v > MAX_CONTRACTS) {
            throw new InvalidInputException(field, fmt(v) + " is outside the allowed range: more than 0 and at most " + fmt(MAX_CONTRACTS)
                    + " contracts");
        }
        return v;
    }

    /** {@code v} as a whole number within ±{@code max}; 1.5 is not one, and 1e12 for a count is too large (not "not whole"). */
    public static long whole(String field, double v, double max) {
        finite(field, v);
        if (v != Math.rint(v)) {
            throw new InvalidInputException(field, fmt(v) + " is not a whole number");
        }
        if (Math.abs(v) > max) {
            throw new InvalidInputException(field, fmt(v) + " is too " + (v > 0 ? "large (at most " : "small (at least -") + fmt(max) + ")");
        }
        return (long) v;
    }

    /**
     * {@code noun} with its indefinite article for messages, by how it is read aloud: "an" before a vowel sound — a word
     * starting with a, e, i or o ("an OKX table", "an ETH wallet", "an isolated leg"), or an abbreviation read letter by
     * letter whose first letter's name starts with one (F, H, L, M, N, R, S, X followed by another consonant: "an XT.com
     * table", "an LTC wallet") — else "a" ("a Bybit table", "a USDT wallet", "a SOL wallet", "a unified account").
     */
    public static String a(String noun) {
        if (noun == null || noun.isEmpty()) {
            return "a " + noun;
        }
        char c0 = noun.charAt(0), c1 = noun.length() > 1 ? noun.charAt(1) : ' ';
        boolean vowel = "aeioAEIO".indexOf(c0) >= 0;
        boolean letterName = "FHLMNRSX".indexOf(c0) >= 0 && Character.isUpperCase(c1) && "AEIOUY".indexOf(c1) < 0;
        return (vowel || letterName ? "an " : "a ") + noun;
    }

    /**
     * Formats a number for messages: plain, no exponent for ordinary magnitudes; the same text as
     * {@code String.format("%,d")} for whole numbers and {@code "%,.8f"} without trailing zeros otherwise (both use
     * the shortest decimal of the double, rounded half up), without a Formatter per call (this runs on every rule of
     * every pre-trade check).
     */
    public static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return grouped(Long.toString((long) v), -1);
        }
        if (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-6) {
            return sixDigits(v);
        }
        String s = eightDecimals(v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return grouped(s, end);
    }

    /**
     * A number too small or too large for eight decimals, to six significant digits as a person writes it: plain
     * from 1e-12 to under 1e21 (0.000000001, 2,000,000,000,000,000), else mantissa and exponent without padding
     * (1e-15, 1.79769e308) — never {@code %g}'s 1.00000e-09.
     */
    private static String sixDigits(double v) {
        BigDecimal b = BigDecimal.valueOf(v).round(new java.math.MathContext(6, RoundingMode.HALF_UP)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-12 && a < 1e21) {
            return grouped(b.toPlainString(), -1);
        }
        String digits = b.unscaledValue().abs().toString();
        int exponent = b.precision() - b.scale() - 1;
        return (b.signum() < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e" + exponent;
    }

    /**
     * {@code BigDecimal.valueOf(v).setScale(8, HALF_UP).toPlainString()} (the shortest decimal rounded half up at 8
     * decimals) done on the digits of {@code Double.toString}, which is what {@code valueOf} reads, so the text is the
     * same; exponent forms take the BigDecimal route.
     */
    private static String eightDecimals(double v) {
        String d = Double.toString(v);
        int dot = d.indexOf('.');
        if (d.indexOf('E') >= 0 || dot < 0) {
            return BigDecimal.valueOf(v).setScale(8, RoundingMode.HALF_UP).toPlainString();
        }
        if (d.length() - dot - 1 <= 8) {
            return d;   // no digit to drop: trailing zeros are stripped by the caller either way
        }
        char[] c = new char[dot + 10];   // a carry may need one more digit in front
        int start = 1;
        d.getChars(0, dot + 9, c, 1);
        if (d.charAt(dot + 9) >= '5') {   // half up: the dropped digits are at least one half
            int i = dot + 9;
            while (true) {
                if (c[i] == '.') {
                    i--;
                    continue;
                }
                if (i < 1 || c[i] == '-') {   // carried past the first digit
                    if (i >= 1) {
                        c[i] = '1';
                        c[--i] = '-';
                    } else {
                        c[0] = '1';
                    }
                    start = i;
                    break;
                }
                if (c[i] != '9') {
                    c[i]++;
                    break;
                }
                c[i--] = '0';
            }
        }
        return new String(c, start, dot + 9 - start + 1);
    }

    /** {@code plain}'s first {@code end} characters (all when -1) with thousands separators in the integer part. */
    private static String grouped(String plain, int end) {
        int n = end < 0 ? plain.length() : end;
        int sign = plain.charAt(0) == '-' ? 1 : 0;
        int dot = plain.indexOf('.');
        int intEnd = dot < 0 || dot > n ? n : dot;
        if (intEnd - sign <= 3) {
            return n == plain.length() ? plain : plain.substring(0, n);
        }
        StringBuilder b = new StringBuilder(n + 6).append(plain, 0, sign);
        for (int i = sign; i < intEnd; i++) {
            if (i > sign && (intEnd - i) % 3 == 0) {
                b.append(',');
            }
            b.append(plain.charAt(i));
        }
        return b.append(plain, intEnd, n).toString();
    }

    private static final java.util.regex.Pattern LONG_RUN = java.util.regex.Pattern.compile("\\S{81,}");

    /** Every long run of characters (echoed input) cut to a short excerpt, the whole message to 1,000 characters. */
    public static String clip(String message) {
        java.util.regex.Matcher m = LONG_RUN.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    m.group().substring(0, 60) + "… (" + m.group().length() + " characters)"));
        }
        m.appendTail(out);
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out.toString();
    }
}
