package io.perpguard.instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price tick or quantity step as a scaled integer: the one rounding of a value to an increment. The value is first
 * taken to 6 decimals beyond the increment's (half-even, dropping binary noise such as 58799.99999999999, so an exact
 * tick is kept), then floored or ceiled to a whole increment — the decimal result of
 * {@code new BigDecimal(v).setScale(scale + 6, HALF_EVEN).divide(inc, 0, FLOOR|CEILING).multiply(inc)}, computed on
 * longs without allocating; values whose scaled form does not fit 52 bits take that BigDecimal route.
 */
public final class Increment {
    private static final double LIMIT = 0x1p52;
    /** Increments seen, by hash (a program uses a handful); entries are immutable, so racy publication is safe. */
    private static final Increment[] CACHE = new Increment[64];

    private final double size;
    private final BigDecimal decimal;
    private final long units;
    private final long unitsPerIncrement;
    private final double scaleUp;
    private final double scaleDown;
    private final boolean scaled;

    private Increment(double size) {
        this.size = size;
        this.decimal = BigDecimal.valueOf(size);
        int s = decimal.scale();
        long u = 0;
        boolean ok = s >= 0 && s <= 9;
        if (ok) {
            try {
                u = decimal.movePointRight(s).longValueExact();
            } catch (ArithmeticException e) {
                ok = false;
            }
        }
        this.scaled = ok && u > 0;
        this.units = u;
        this.unitsPerIncrement = u * 1_000_000L;
        this.scaleUp = ok ? Math.pow(10, s + 6) : 1;
        this.scaleDown = ok ? Math.pow(10, s) : 1;
    }

    /** The increment of {@code size} (&gt; 0), from a small cache. */
    public static Increment of(double size) {
        int h = Double.hashCode(size);
        int slot = (h ^ (h >>> 16)) & (CACHE.length - 1);
        Increment e = CACHE[slot];
        if (e == null || e.size != size) {
            e = new Increment(size);
            CACHE[slot] = e;
        }
        return e;
    }

    /** Rounds down to a whole increment. */
    public double floor(double value) {
        return round(value, false);
    }

    /** Rounds up to a whole increment. */
    public double ceil(double value) {
        return round(value, true);
    }

    private double round(double value, boolean up) {
        if (!Double.isFinite(value)) {
            return value;
        }
        double s = value * scaleUp;
        if (!scaled || !(Math.abs(s) < LIMIT)) {
            BigDecimal v = new BigDecimal(value).setScale(decimal.scale() + 6, RoundingMode.HALF_EVEN);
            return v.divide(decimal, 0, up ? RoundingMode.CEILING : RoundingMode.FLOOR).multiply(decimal).doubleValue();
        }
        long v = halfEven(value, s);
        long n = up ? -Math.floorDiv(-v, unitsPerIncrement) : Math.floorDiv(v, unitsPerIncrement);
        return (double) (n * units) / scaleDown;
    }

    /**
     * The exact product value × 10^(scale+6) rounded half-even to an integer: {@code s} is the rounded product, the
     * FMA recovers its rounding error, which decides a product that rounded to exactly .5 (rint leaves |s − v| ≤ .5,
     * and below .5 the error, at most half an ulp of s, cannot reach it).
     */
    private long halfEven(double value, double s) {
        double err = Math.fma(value, scaleUp, -s);
        double v = Math.rint(s);
        double frac = s - v;
        if (frac == 0.5 && err > 0) {
            v += 1;
        } else if (frac == -0.5 && err < 0) {
            v -= 1;
        }
        return (long) v;
    }
}
