package io.perpguard.orders;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened during a replay, in order. The sentence a reader sees is written from {@code note} and
 * {@code values} outside core ({@code app}'s {@code ReplayText}).
 *
 * @param timeMs open time of the candle it happened in (epoch ms UTC)
 * @param bar    candle index
 * @param type   {@code entry}, {@code take-profit}, {@code breakeven}, {@code trailing}, {@code stop},
 *               {@code stop-limit-unfilled}, {@code time-stop}, {@code liquidation}, {@code funding},
 *               {@code entries-cancelled}, {@code end-of-data}
 * @param price  price involved (fill, new stop level, funding mark); NaN when none
 * @param qty    quantity involved; 0 when none
 * @param note   what happened, as a stable code
 * @param values the figures behind it (unrounded), in insertion order
 */
public record ReplayEvent(long timeMs, int bar, String type, double price, double qty, Note note, Map<String, Object> values) {
    /** What happened, finer than {@code type}. */
    public enum Note {
        /** figures: qty (position), averageEntry, liquidationPrice */
        MARKET_ENTRY,
        /** figures: limit, qty, averageEntry, liquidationPrice */
        LIMIT_MARKETABLE_AT_OPEN,
        /** figures: rung (1-based), qty, averageEntry, liquidationPrice */
        LIMIT_RUNG_FILLED,
        /** figures: stopKind, triggeredAt */
        STOP_MARKET_TRIGGERED,
        /** figures: stopKind, limit, triggeredAt */
        STOP_LIMIT_TRIGGERED,
        /** figures: triggeredAt, stop, limit, qty, liquidationPrice */
        STOP_LIMIT_UNFILLED,
        /** figures: limit */
        RESTING_STOP_LIMIT_FILLED,
        /** figures: target (1-based), label */
        TAKE_PROFIT_FILLED,
        /** no figures */
        ENTRIES_CANCELLED_AT_FIRST_TARGET,
        /** figures: bars */
        ENTRIES_CANCELLED_AFTER_BARS,
        /** figures: stop, target */
        STOP_TO_BREAKEVEN,
        /** figures: trailingStop, atrMultiple, bestPrice */
        TRAILING_RAISED,
        /** figures: bars, oneRPrice */
        TIME_STOP,
        /** figures: liquidationPrice, margin */
        LIQUIDATED,
        /** figures: payment (positive = paid), rate */
        FUNDING,
        /** no figures */
        END_OF_DATA
    }

    public ReplayEvent {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** An event with its figures given as name, value, name, value, … */
    static ReplayEvent of(long timeMs, int bar, String type, double price, double qty, Note note, Object... figures) {
        return new ReplayEvent(timeMs, bar, type, price, qty, note, figures(figures));
    }

    static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * What a replay could not do faithfully, with its figures.
     *
     * @param code   what, as a stable code
     * @param values the figures (times in epoch ms), in insertion order
     */
    public record Warning(Code code, Map<String, Object> values) {
        public enum Code {
            /** no funding history: figures count, firstMs, lastMs */
            FUNDING_NOT_GIVEN,
            /** the history lacks some funding times: figures count, firstMs, lastMs */
            FUNDING_MISSING,
            /** a stop-limit opened beyond its limit: figures timeMs and the event's */
            STOP_LIMIT_UNFILLED,
            /** a take-profit closes less than one step: figures target, label, stepSize */
            TARGET_BELOW_STEP,
            /** no figures */
            NO_ENTRY_BEFORE_CANCEL,
            /** figures timeMs (last candle), close */
            OPEN_AT_END,
            /** no figures */
            NO_ENTRY_BEFORE_END,
            /** the liquidation price lies at or beyond the stop: figures timeMs, liquidationPrice, stop, averageEntry, leverage */
            LIQUIDATION_BEFORE_STOP,
            /** a limit entry far from the plan's first open (check's entry rule): figures timeMs, rung, price, open, distancePct, maxDistancePct */
            ENTRY_FAR_FROM_OPEN
        }

        public Warning {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        static Warning of(Code code, Object... figures) {
            return new Warning(code, ReplayEvent.figures(figures));
        }
    }
}
