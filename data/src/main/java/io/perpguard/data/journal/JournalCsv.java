package io.perpguard.data.journal;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.EpochTime;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.io.Excerpt;
import io.perpguard.data.io.InputFile;
import io.perpguard.data.market.TimeColumn;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads trade-history files into {@link Fill}s. Two formats, told apart by the header line:
 * <ul>
 *   <li><b>binance</b> — Binance USDⓈ-M futures "Trade History" export:
 *       {@code Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit} (optionally {@code Fee Coin},
 *       {@code Quote Asset}, {@code Total} columns; columns are found by name, in any order). Dates are UTC
 *       {@code yyyy-MM-dd HH:mm:ss} (two-digit years and ISO-8601 accepted); numbers may carry a trailing asset
 *       ({@code 0.27USDT}) or thousands separators in quotes.</li>
 *   <li><b>generic</b> — {@code time,symbol,side,qty,price,realizedPnl,fee} (optional {@code feeAsset}); time as
 *       ISO-8601, {@code yyyy-MM-dd HH:mm:ss} UTC, or epoch seconds / ms / µs (told apart by magnitude).</li>
 * </ul>
 * A header column neither format knows (a misspelling such as {@code realisedPnl} or {@code fees}) is refused, naming
 * the nearest known column. Any malformed row stops the read with an {@link InvalidInputException} naming the file, the line and the column.
 */
public final class JournalCsv {
    /** The formats read. */
    public enum Format {
        BINANCE, GENERIC;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A whole file's fills. */
    public record Parsed(Format format, List<Fill> fills) {
        public Parsed {
            fills = List.copyOf(fills);
        }
    }

    /** The columns each format reads or knows to skip; any other name is refused (a misspelling would be dropped). */
    private static final List<String> GENERIC_COLUMNS = List.of("time", "timestamp", "date", "symbol", "side", "qty", "quantity",
            "price", "realizedPnl", "realizedProfit", "pnl", "fee", "commission", "feeAsset", "feeCoin", "commissionAsset");
    private static final List<String> BINANCE_COLUMNS = List.of("Uid", "Date(UTC)", "Time(UTC)", "Symbol", "Side", "Price",
            "Quantity", "Qty", "Amount", "Fee", "Fee Coin", "Realized Profit", "Quote Asset", "Total", "Order ID", "Trade ID",
            "Position Side", "Buyer", "Maker", "Role", "Commission Asset", "Fee Asset");

    private static final Pattern NUMBER_WITH_ASSET = Pattern.compile("^([-+]?[0-9][0-9,]*(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-z]{2,10})?$");
    private static final Pattern THOUSANDS = Pattern.compile("^[-+]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?$");
    /** Compiled once: {@code String.replaceAll} and {@code matches} compiled their pattern again for every cell. */
    private static final Pattern SYMBOL_SEPARATORS = Pattern.compile("[/\\-_: ]");
    private static final Pattern SHORT_YEAR_SHAPE = Pattern.compile("^[0-9]{2}-[0-9]{2}-[0-9]{2} .*");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]");
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    // STRICT: the default (SMART) stored a fill of 2024-02-30 on the 29th, a day it may not have happened
    private static final DateTimeFormatter DATE_TIME_SLASH = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm[:ss]", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SHORT_YEAR = DateTimeFormatter.ofPattern("uu-MM-dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private JournalCsv() {
    }

    /** Reads a whole file. */
    public static Parsed read(Path file) {
        List<Fill> fills = new ArrayList<>();
        Format f = read(file, fills::add);
        return new Parsed(f, fills);
    }

    /**
     * Streams a file's fills to {@code sink} in file order, so a caller can write each one inside a transaction
     * and roll back when a later line turns out malformed.
     *
     * @return the format detected from the header
     */
    public static Format read(Path file, Consumer<Fill> sink) {
        String where = file.toString();
        try (BufferedReader in = InputFile.lines("journal", file, InputFile.MAX_CSV)) {
            return read(in, where, sink);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("journal", "file " + where + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException("journal", where + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("journal", "cannot read " + where + ": " + InputFile.reason(e));
        }
    }

    /**
     * Streams the fills of CSV text (e.g. an HTTP request body) to {@code sink}; errors name {@code where} and the line.
     *
     * @return the format detected from the header
     */
    public static Format read(BufferedReader in, String where, Consumer<Fill> sink) throws IOException {
        {
            String line;
            int lineNo = 0;
            Columns cols = null;
            Map<String, Integer> seen = new HashMap<>();
            int fills = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, where, lineNo);
                if (cols == null) {
                    cols = Columns.of(fields, where, lineNo);
                    continue;
                }
                Fill f = cols.fill(fields, where, lineNo, 0);
                int occurrence = seen.merge(f.canonical(), 1, Integer::sum) - 1;
                fills++;
                sink.accept(occurrence == 0 ? f : Fill.of(f.timeMs(), f.symbol(), f.buy(), f.qty(), f.price(),
                        f.realizedPnl(), f.fee(), f.feeAsset(), f.line(), occurrence));
            }
            if (cols == null) {
                throw new InvalidInputException("journal", where + " is empty: expected a header line and fills");
            }
            if (fills == 0) {
                // a header alone read as 0 fills, silently: Kelly from no trades, an import that added nothing with exit 0
                throw new InvalidInputException("journal", where + " has a header and no fills: no trades in it (an export of a period "
                        + "without trades, or the wrong file?)");
            }
            return cols.format;
        }
    }

    //-------------------------------------------------------------------------
    /** Column positions of one file's header. */
    private static final class Columns {
        final Format format;
        final int n;
        final int time, symbol, side, qty, price, realized, fee, feeAsset;
        final String[] names;

        private Columns(Format format, List<String> header, int time, int symbol, int side, int qty, int price,
                        int realized, int fee, int feeAsset) {
            this.format = format;
            this.n = header.size();
            this.names = header.toArray(new String[0]);
            this.time = time;
            this.symbol = symbol;
            this.side = side;
            this.qty = qty;
            this.price = price;
            this.realized = realized;
            this.fee = fee;
            this.feeAsset = feeAsset;
        }

        static Columns of(List<String> header, String where, int lineNo) {
            Map<String, Integer> idx = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                idx.putIfAbsent(norm(header.get(i)), i);
            }
            boolean binance = (idx.containsKey("dateutc") || idx.containsKey("timeutc")) && idx.containsKey("realizedprofit");
            Format format = binance ? Format.BINANCE : Format.GENERIC;
            String[][] wanted = binance
                    ? new String[][]{{"dateutc", "timeutc"}, {"symbol"}, {"side"}, {"quantity", "qty"}, {"price"},
                    {"realizedprofit"}, {"fee"}}
                    : new String[][]{{"time", "timestamp", "date"}, {"symbol"}, {"side"}, {"qty", "quantity"}, {"price"},
                    {"realizedpnl", "realizedprofit", "pnl"}, {"fee", "commission"}};
            String[] names = {"time", "symbol", "side", "qty", "price", "realizedPnl", "fee"};
            String unknown = unknownColumn(header, binance ? BINANCE_COLUMNS : GENERIC_COLUMNS);
            int[] at = new int[wanted.length];
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < wanted.length; k++) {
                at[k] = -1;
                for (String alias : wanted[k]) {
                    Integer i = idx.get(alias);
                    if (i != null) {
                        at[k] = i;
                        break;
                    }
                }
                if (at[k] < 0) {
                    missing.add(names[k]);
                }
            }
            if (unknown != null && (missing.isEmpty() || unknown.contains("did you mean"))) {
                // a misspelled column (realisedPnl, fees) was dropped silently, or blamed as a missing one
                throw new InvalidInputException("journal", where + " line " + lineNo + ": " + unknown);
            }
            if (!missing.isEmpty()) {
                throw new InvalidInputException("journal", where + " line " + lineNo + ": header '" + Excerpt.of(String.join(",", header))
                        + "' is neither a Binance USDⓈ-M trade-history export (Date(UTC),Symbol,Side,Price,Quantity,Amount,"
                        + "Fee,Realized Profit) nor the generic journal CSV (time,symbol,side,qty,price,realizedPnl,fee); "
                        + "missing " + String.join(", ", missing));
            }
            int feeAsset = firstOf(idx, "feecoin", "feeasset", "commissionasset");
            return new Columns(format, header, at[0], at[1], at[2], at[3], at[4], at[5], at[6], feeAsset);
        }

        Fill fill(List<String> f, String where, int lineNo, int occurrence) {
            if (f.size() < n) {
                throw bad(where, lineNo, "expected " + n + " columns as in the header, found " + f.size());
            }
            // more values than the header names shift nothing silently: "…,buy,1,60,000,0,3" (an unquoted thousands
            // separator) was read as price 60, realizedPnl 0, fee 0, and the 3 dropped; trailing empty fields are allowed
            for (int i = n; i < f.size(); i++) {
                if (!f.get(i).isBlank()) {
                    throw bad(where, lineNo, "expected " + n + " columns as in the header, found " + f.size()
                            + " (a number written with a thousands separator, such as 60,000, must be quoted or written 60000)");
                }
            }
            long t = time(f.get(time), where, lineNo, names[time]);
            try {
                EpochTime.inWindow("time", t, System.currentTimeMillis(), EpochTime.FUTURE_SLACK_MS);
            } catch (InvalidInputException e) {
                throw bad(where, lineNo, "column '" + names[time] + "': " + e.problem());
            }
            String sym = SYMBOL_SEPARATORS.matcher(f.get(symbol).trim().toUpperCase(Locale.ROOT)).replaceAll("");
            if (sym.isEmpty() || sym.length() > 40 || !sym.chars().allMatch(Character::isLetterOrDigit)) {
                throw bad(where, lineNo, "column '" + names[symbol] + "': '" + f.get(symbol) + "' is not a symbol");
            }
            String s = f.get(side).trim().toLowerCase(Locale.ROOT);
            boolean buy;
            if (s.equals("buy") || s.equals("b")) {
                buy = true;
            } else if (s.equals("sell") || s.equals("s")) {
                buy = false;
            } else {
                throw bad(where, lineNo, "column '" + names[side] + "': '" + f.get(side) + "' is not buy or sell");
            }
            BigDecimal q = number(f.get(qty), where, lineNo, names[qty]).value;
            if (q.signum() <= 0) {
                throw bad(where, lineNo, "column '" + names[qty] + "': " + f.get(qty) + " must be greater than 0");
            }
            BigDecimal p = number(f.get(price), where, lineNo, names[price]).value;
            if (p.signum() <= 0) {
                throw bad(where, lineNo, "column '" + names[price] + "': " + f.get(price) + " must be greater than 0");
            }
            BigDecimal pnl = number(f.get(realized), where, lineNo, names[realized]).value;
            Num feeNum = number(f.get(fee), where, lineNo, names[fee]);
            String asset = feeAsset >= 0 && feeAsset < f.size() && !f.get(feeAsset).isBlank()
                    ? f.get(feeAsset).trim().toUpperCase(Locale.ROOT) : feeNum.asset;
            String quote = quoteAsset(sym);
            if (asset != null && asset.equals(quote)) {
                asset = null;
            }
            return Fill.of(t, sym, buy, q, p, pnl, feeNum.value, asset, lineNo, occurrence);
        }

        /**
         * The refusal of the first header name the format does not know (blank names, from a trailing comma, are
         * allowed), naming the nearest known column; null when every column is known.
         */
        private static String unknownColumn(List<String> header, List<String> known) {
            Map<String, String> byNorm = new java.util.LinkedHashMap<>();
            for (String k : known) {
                byNorm.put(norm(k), k);
            }
            for (String h : header) {
                String key = norm(h);
                if (key.isEmpty() || byNorm.containsKey(key)) {
                    continue;
                }
                String near = JsonInput.closest(key, byNorm.keySet());
                return "unknown column '" + Excerpt.of(h.trim()) + "'" + (near == null ? "" : " (did you mean '" + byNorm.get(near) + "'?)")
                        + "; known: " + String.join(", ", known);
            }
            return null;
        }

        private static int firstOf(Map<String, Integer> idx, String... keys) {
            for (String k : keys) {
                Integer i = idx.get(k);
                if (i != null) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A number and the asset written after it, if any. */
    private record Num(BigDecimal value, String asset) {
    }

    private static Num number(String raw, String where, int lineNo, String column) {
        String s = raw.trim();
        Matcher m = NUMBER_WITH_ASSET.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw bad(where, lineNo, "column '" + column + "': '" + Excerpt.of(raw) + "' is not a number");
        }
        String digits = m.group(1);
        if (digits.indexOf(',') >= 0) {
            if (!THOUSANDS.matcher(digits).matches()) {
                throw bad(where, lineNo, "column '" + column + "': '" + Excerpt.of(raw) + "' is not a number");
            }
            digits = digits.replace(",", "");
        }
        try {
            String asset = m.group(2) == null ? null : m.group(2).toUpperCase(Locale.ROOT);
            BigDecimal v = new BigDecimal(digits);
            // the journal stores DECIMAL(38, 18): anything finer or larger would be stored as another number
            BigDecimal stripped = v.stripTrailingZeros();
            if (stripped.scale() > 18 || stripped.precision() - stripped.scale() > 20) {
                throw bad(where, lineNo, "column '" + column + "': '" + Excerpt.of(raw) + "' cannot be stored exactly "
                        + "(at most 20 digits before and 18 after the decimal point)");
            }
            return new Num(v, asset);
        } catch (NumberFormatException e) {
            throw bad(where, lineNo, "column '" + column + "': '" + Excerpt.of(raw) + "' is not a number");
        }
    }

    /** Parses a fill time to ms UTC. */
    static long time(String raw, String where, int lineNo, String column) {
        String s = raw.trim();
        try {
            // the exports' own layouts by their shape (trying TimeColumn first threw and caught once a row for them)
            if (SHORT_YEAR_SHAPE.matcher(s).matches()) {
                return LocalDateTime.parse(s, SHORT_YEAR).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (s.indexOf('/') >= 0) {
                return LocalDateTime.parse(s, DATE_TIME_SLASH).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            throw notATime(raw, where, lineNo, column);
        }
        try {
            // epoch numbers and ISO-8601 as every other file
            return TimeColumn.toEpochMs(s);
        } catch (NumberFormatException notCommon) {
            // next form
        }
        try {
            return LocalDateTime.parse(s, DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw notATime(raw, where, lineNo, column);
        }
    }

    private static InvalidInputException notATime(String raw, String where, int lineNo, String column) {
        return bad(where, lineNo, "column '" + column + "': '" + Excerpt.of(raw) + "' is not a date-time (use yyyy-MM-dd HH:mm:ss UTC, "
                + "ISO-8601 or epoch milliseconds)");
    }

    /** Splits one CSV line (RFC 4180 quotes; fields do not span lines). */
    static List<String> split(String line, String where, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw bad(where, lineNo, "unclosed quote");
        }
        out.add(cur.toString());
        return out;
    }

    /** The quote currency a symbol is settled in (USDT, USDC, ...), or null when not recognised. */
    static String quoteAsset(String symbol) {
        for (String q : new String[]{"USDT", "USDC", "FDUSD", "BUSD", "USD"}) {
            if (symbol.endsWith(q) && symbol.length() > q.length()) {
                return q;
            }
        }
        return null;
    }

    private static String norm(String header) {
        return NOT_ALNUM.matcher(header.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    private static InvalidInputException bad(String where, int lineNo, String problem) {
        return new InvalidInputException("journal", where + " line " + lineNo + ": " + problem);
    }
}
