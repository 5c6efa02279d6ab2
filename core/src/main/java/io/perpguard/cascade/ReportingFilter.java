package io.perpguard.cascade;

import io.perpguard.Checks;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the public liquidation feeds report of the liquidations a run produced (research note V10; docs/cascade.md,
 * "This round: reporting filter"). Since 2021 Binance's and Bybit's public liquidation streams push at most one
 * liquidation order per symbol per second, so aggregators that sum them (Coinglass, Bybt) count one order's notional in a
 * second that held hundreds; venues that print every liquidation are counted in full.
 * <pre>
 * per market and minute, true liquidations L (long + short) spread evenly over its 60 s:
 *   reported = (1 − t)·L + 60·q·(1 − e^(−t·L / (60·q)))
 * t = share of the market's liquidations on venues whose stream was throttled at the event's date (their share of OI),
 * q = mean notional of one liquidation order (the last order of a second with Poisson(λ) orders of mean q: q·(1 − e^−λ))
 * </pre>
 * Each side keeps its share of the minute's liquidations; totals lose exactly what the minutes lose. With t = 0 the
 * result is the run's own.
 *
 * @param throttledShare t, 0–1
 * @param orderUsd       q, USD per liquidation order
 */
public record ReportingFilter(double throttledShare, double orderUsd) {
    /** q: one liquidation order's mean notional, the position the tiers assume (CascadeEvent.Market.accountNotionalUsd default). */
    public static final double ORDER_USD = 10_000;

    /** Nothing throttled: reported = true. */
    public static final ReportingFilter NONE = new ReportingFilter(0, ORDER_USD);

    /**
     * Venue → first day its public liquidation stream pushed at most one order per symbol per second (K33 Research,
     * V. Lunde, via ChainCatcher: Binance April 2021, Bybit September 2021; Binance USDⓈ-M "Liquidation Order Streams":
     * "only the latest one liquidation order within 1000ms"). A change dated by month only counts from the next month.
     */
    public static final Map<String, LocalDate> THROTTLED_SINCE = Map.of(
            "binance", LocalDate.of(2021, 5, 1),
            "bybit", LocalDate.of(2021, 10, 1));

    public ReportingFilter {
        Checks.inRange("reporting.throttledShare", throttledShare, 0, 1);
        Checks.positive("reporting.orderUsd", orderUsd);
    }

    /**
     * The filter of an event starting at {@code startTimeMs}: t = the summed OI shares of the venues in {@code venueOiShares}
     * whose stream was throttled on that day ({@link #THROTTLED_SINCE}); other venues print every liquidation.
     */
    public static ReportingFilter at(long startTimeMs, Map<String, Double> venueOiShares) {
        LocalDate day = java.time.Instant.ofEpochMilli(startTimeMs).atZone(ZoneOffset.UTC).toLocalDate();
        double t = 0;
        for (Map.Entry<String, Double> v : new TreeMap<>(venueOiShares).entrySet()) {
            LocalDate since = THROTTLED_SINCE.get(v.getKey().toLowerCase(Locale.ROOT));
            if (since != null && !day.isBefore(since)) {
                t += v.getValue();
            }
        }
        return new ReportingFilter(Math.min(1, t), ORDER_USD);
    }

    /** Reported notional of {@code trueUsd} liquidated evenly over {@code seconds} (the class formula). */
    public double reported(double trueUsd, double seconds) {
        if (!(trueUsd > 0) || throttledShare == 0) {
            return Math.max(0, trueUsd);
        }
        double cap = seconds * orderUsd;
        // V10: Binance/Bybit push only the latest liquidation order of each 1000 ms per symbol (expected q·(1 − e^−λ) a second)
        return (1 - throttledShare) * trueUsd + cap * -Math.expm1(-throttledShare * trueUsd / cap);
    }

    /** One market's outcome as the feeds report it: per-minute series and totals filtered, everything else unchanged. */
    public MarketOutcome apply(MarketOutcome m) {
        if (throttledShare == 0) {
            return m;
        }
        double[] lp = m.longLiquidatedPerMinute(), sp = m.shortLiquidatedPerMinute();
        double[] lr = new double[lp.length], sr = new double[sp.length];
        double lostLong = 0, lostShort = 0;
        for (int i = 0; i < Math.max(lp.length, sp.length); i++) {
            double l = i < lp.length ? lp[i] : 0, s = i < sp.length ? sp[i] : 0, all = l + s;
            double keep = all > 0 ? reported(all, 60) / all : 1;
            if (i < lp.length) {
                lr[i] = l * keep;
                lostLong += l - lr[i];
            }
            if (i < sp.length) {
                sr[i] = s * keep;
                lostShort += s - sr[i];
            }
        }
        return m.withLiquidations(Math.max(0, m.longLiquidatedUsd() - lostLong), Math.max(0, m.shortLiquidatedUsd() - lostShort), lr, sr);
    }

    /** A run as the feeds report it (every market filtered; bands are not re-evaluated here). */
    public CascadeResult apply(CascadeResult r) {
        if (throttledShare == 0) {
            return r;
        }
        return CascadeResult.of(r.scenario(), r.core(), r.markets().stream().map(this::apply).toList());
    }
}
