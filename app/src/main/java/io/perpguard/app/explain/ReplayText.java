package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.orders.ReplayEvent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

import static io.perpguard.app.explain.Words.num;

/** The sentence a reader sees for each replay event and warning, written from core's codes and figures. */
public final class ReplayText {
    private ReplayText() {
    }

    /** What happened; prices at the tick's {@code priceDecimals}, money of a linear (USDT) contract. */
    public static String note(ReplayEvent e, int priceDecimals) {
        return note(e, priceDecimals, "USDT");
    }

    /**
     * What happened; prices at the tick's {@code priceDecimals}, money in {@code currency} (a coin-margined contract's
     * amounts name their coin, to the satoshi).
     */
    public static String note(ReplayEvent e, int priceDecimals, String currency) {
        Map<String, Object> v = e.values();
        boolean coin = Words.amountDecimals(currency) > 2;
        // a coin-margined contract's quantities are USD of face
        P p = new P(v, priceDecimals, coin ? " USD" : "");
        return switch (e.note()) {
            case MARKET_ENTRY -> "market entry at the open" + position(p);
            case LIMIT_MARKETABLE_AT_OPEN -> "limit " + Checks.fmt(num(v, "limit")) + " already marketable at the open" + position(p);
            case LIMIT_RUNG_FILLED -> "limit rung " + v.get("rung") + " filled" + position(p);
            case STOP_MARKET_TRIGGERED -> v.get("stopKind") + " (market) triggered at " + p.price("triggeredAt");
            case STOP_LIMIT_TRIGGERED -> v.get("stopKind") + " (limit " + p.price("limit") + ") triggered at " + p.price("triggeredAt");
            case STOP_LIMIT_UNFILLED -> "stop-limit triggered at " + p.price("triggeredAt") + " (stop " + p.price("stop") + ") beyond its limit "
                    + p.price("limit") + ": NOT filled, position of " + p.qty() + " still open (liquidation "
                    + p.price("liquidationPrice") + ")";
            case RESTING_STOP_LIMIT_FILLED -> "resting stop-limit filled at its limit " + Checks.fmt(num(v, "limit"));
            case TAKE_PROFIT_FILLED -> "take-profit " + v.get("target") + " (" + v.get("label") + ") filled";
            case ENTRIES_CANCELLED_AT_FIRST_TARGET -> "first take-profit reached: unfilled entry rungs cancelled";
            case ENTRIES_CANCELLED_AFTER_BARS -> "unfilled entry rungs cancelled after " + v.get("bars") + " bars";
            case STOP_TO_BREAKEVEN -> "stop moved to breakeven " + p.price("stop") + " after take-profit " + v.get("target");
            case TRAILING_RAISED -> "trailing stop raised to " + p.price("trailingStop") + " (" + Checks.fmt(num(v, "atrMultiple"))
                    + " × ATR from the best price " + p.price("bestPrice") + ")";
            case TIME_STOP -> "time stop: " + v.get("bars") + " bars without reaching +1R (" + p.price("oneRPrice") + "); closed at the close";
            case LIQUIDATED -> "liquidated at " + p.price("liquidationPrice") + ": isolated margin "
                    + (coin ? Words.money(num(v, "margin"), currency) + " " + currency : p.price("margin")) + " lost";
            case FUNDING -> {
                double pay = num(v, "payment");
                // money to 4 decimals: a small payment at a tiny rate is not shown as 0
                yield (pay >= 0 ? "paid " : "received ") + (coin ? Words.money(Math.abs(pay), currency) + " " + currency
                        : Words.fmt(Math.abs(pay), 4)) + " funding (rate " + v.get("rate") + ")";
            }
            case END_OF_DATA -> "candles end with the position open: valued as closed at the last close";
        };
    }

    /** What the replay could not do faithfully (a linear contract's). */
    public static String warning(ReplayEvent.Warning w, int priceDecimals) {
        return warning(w, priceDecimals, "USDT");
    }

    /** What the replay could not do faithfully; amounts in {@code currency}. */
    public static String warning(ReplayEvent.Warning w, int priceDecimals, String currency) {
        Map<String, Object> v = w.values();
        return switch (w.code()) {
            case FUNDING_NOT_GIVEN -> "no funding history given: funding NOT charged at " + times(v) + " the position was held (" + span(v)
                    + "); the real result differs by the funding paid or received";
            case FUNDING_MISSING -> "funding history has no rate for " + times(v) + " the position was held (" + span(v)
                    + "): not charged, not assumed zero";
            case STOP_LIMIT_UNFILLED -> instant(v, "timeMs") + ": "
                    + note(new ReplayEvent(0, 0, "stop-limit-unfilled", Double.NaN, 0, ReplayEvent.Note.STOP_LIMIT_UNFILLED, v), priceDecimals, currency);
            case TARGET_BELOW_STEP -> "target " + v.get("target") + " (" + v.get("label") + ") closes less than one step ("
                    + Checks.fmt(num(v, "stepSize")) + "): skipped";
            case NO_ENTRY_BEFORE_CANCEL -> "no entry filled before the rungs were cancelled: no trade";
            case OPEN_AT_END -> "position still open at the last candle (" + instant(v, "timeMs") + "): valued as if closed at its close "
                    + Checks.fmt(num(v, "close"));
            case NO_ENTRY_BEFORE_END -> "no entry filled before the candles ended: no trade";
            case LIQUIDATION_BEFORE_STOP -> {
                P p = new P(v, priceDecimals, "");
                yield instant(v, "timeMs") + ": liquidation at " + p.price("liquidationPrice") + " comes before the stop " + p.price("stop")
                        + " (position at " + p.price("averageEntry") + ", " + Checks.fmt(num(v, "leverage"))
                        + "x): the stop can never fill; lower the leverage or move the stop closer";
            }
            case ENTRY_FAR_FROM_OPEN -> {
                double pct = num(v, "distancePct");   // check's ENTRY_FAR_FROM_MARK, against the plan's first open
                yield "entry limit " + Checks.fmt(num(v, "price")) + " (rung " + v.get("rung") + ") is " + Words.fmt(Math.abs(pct), 1) + " % "
                        + (pct < 0 ? "below" : "above") + " the open " + new P(v, priceDecimals, "").price("open") + " at " + instant(v, "timeMs")
                        + " (more than " + Checks.fmt(num(v, "maxDistancePct")) + " % away): check the price — a mistyped digit, another "
                        + "symbol's price, or a limit far off";
            }
        };
    }

    private static String position(P p) {
        return "; position " + p.qty() + " at " + p.price("averageEntry") + ", liquidation " + p.price("liquidationPrice");
    }

    private static String times(Map<String, Object> v) {
        long n = ((Number) v.get("count")).longValue();
        return n + " funding time" + (n == 1 ? "" : "s");
    }

    private static String span(Map<String, Object> v) {
        return instant(v, "firstMs") + " to " + instant(v, "lastMs");
    }

    private static Instant instant(Map<String, Object> v, String key) {
        return Instant.ofEpochMilli(((Number) v.get(key)).longValue());
    }

    /** Figures at the tick's decimals, half-even (text only: no price leaves the engine here). */
    private record P(Map<String, Object> v, int decimals, String qtyUnit) {
        String qty() {
            return Checks.fmt(num(v, "qty")) + qtyUnit;
        }

        String price(String key) {
            return Checks.fmt(round(num(v, key)));
        }

        double round(double x) {
            return Double.isFinite(x) ? new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue() : x;
        }
    }
}
