package io.perpguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.app.explain.Numbers;
import io.perpguard.app.json.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Output helpers shared by every command: one JSON object with {@code --json} (plain numbers, non-finite
 * values as null, enums in lower case) or an aligned, readable table.
 */
public final class Output {
    /** Mapper for command output: records and maps, NaN/∞ → null, enum → lower-case name. */
    public static final ObjectMapper JSON = Json.MAPPER;

    private Output() {
    }

    /** Writes one JSON object and a newline. */
    public static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.PRETTY.writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Money or price with thousands separators and up to {@code decimals} decimals; "-" for non-finite. */
    public static String num(double v, int decimals) {
        return Numbers.num(v, decimals);
    }

    /**
     * A linear size in base units at its contract's step decimals (SOLUSDT's step 1: 19, not 19.000; XT's BTC_USDT counts
     * 0.0001 BTC: 0.1583); a size off the step (a {@code --notional} what-if, a contract not yet known, decimals 0) shows
     * its own digits up to 3 decimals (8.333, 0.5): the one rule of {@code size}, {@code calc}, {@code replay},
     * {@code watch} and the live alerts ({@link Numbers#qty}).
     *
     * @param stepDecimals the decimals of the contract's step ({@code Contract.qtyDecimals})
     */
    public static String qty(double qty, int stepDecimals) {
        return Numbers.qty(qty, stepDecimals);
    }

    /**
     * A price a trader typed or the venue reports (an average entry, a mark): at the tick's {@code decimals}, or with its
     * own decimals (up to 8) when it has more ({@link Numbers#price}, as the live alerts print it).
     */
    public static String price(double v, int decimals) {
        return Numbers.price(v, decimals);
    }

    /** A fraction shown as a percentage. */
    public static String pct(double fraction, int decimals) {
        return Numbers.pct(fraction, decimals);
    }

    /**
     * A share (a fraction 0..1, of paths) in percent: only exactly 0 and 1 print as 0 and 100; a share that rounds to
     * either says it is beyond the last digit shown — 0.9995 is ">99.9 %", not "100.0 %" beside "ruined 0.1 %".
     */
    public static String share(double fraction, int decimals) {
        String s = pct(fraction, decimals);
        double step = Math.pow(10, -decimals);
        if (fraction > 0 && s.equals(pct(0, decimals))) {
            return "<" + num(step, decimals) + " %";
        }
        if (fraction < 1 && s.equals(pct(1, decimals))) {
            return ">" + num(100 - step, decimals) + " %";
        }
        return s;
    }

    /** Prints label/value rows aligned on the label column; a null row (one that does not apply) is left out. */
    public static void rows(PrintWriter out, String[][] rows) {
        int w = 0;
        for (String[] r : rows) {
            w = r == null ? w : Math.max(w, r[0].length());
        }
        for (String[] r : rows) {
            if (r == null) {
                continue;
            }
            out.println(String.format(Locale.ROOT, "  %-" + w + "s  %s", r[0], r[1]));
        }
        out.flush();
    }

    /** Prints a table with a header row; columns right-aligned except the first. */
    public static void table(PrintWriter out, String[] header, java.util.List<String[]> body) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : body) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (String[] r : body) {
            line(sb, r, w);
        }
        out.print(sb);
        out.flush();
    }

    private static void line(StringBuilder sb, String[] r, int[] w) {
        sb.append(' ');
        for (int i = 0; i < r.length; i++) {
            String f = i == 0 ? "%-" + w[i] + "s" : "%" + w[i] + "s";
            sb.append(' ').append(String.format(Locale.ROOT, f, r[i])).append(i < r.length - 1 ? " " : "");
        }
        sb.append('\n');
    }
}
