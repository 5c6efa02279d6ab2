package io.perpguard.portfolio;

import io.perpguard.Checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the reader of a portfolio report must know (missing data, an assumed beta, a proxied move), as a stable
 * code and the figures behind it; the sentence is written outside core.
 *
 * @param code   what happened
 * @param values its figures, in insertion order
 */
public record PortfolioNote(Code code, Map<String, Object> values) {
    /** Why a figure is missing, rough or assumed. */
    public enum Code {
        /** No daily candles given: {benchmark}. */
        NO_RETURNS,
        /** No daily candles for some symbols: {symbols}. */
        NO_CANDLES,
        /** Fewer than 2 common days of returns: {days}. */
        TOO_FEW_DAYS,
        /** Fewer common days than {@link PortfolioRisk#FEW_DAYS}: {days}. */
        FEW_DAYS,
        /** Beta unknown and taken as 1: {symbols}. */
        BETA_ASSUMED,
        /** A spot holding has no perpetual to hedge it: {asset, symbol}. */
        SPOT_NO_PERPETUAL,
        /** The benchmark has no price, so the hedge is not sized: {symbol}. */
        NO_BENCHMARK_PRICE,
        /** A hedge (the benchmark's or an alternative) cannot be placed in the sub-account: {symbol, subAccount, problem}. */
        HEDGE_NOT_PLACEABLE,
        /** The hedge contract settles in another currency than the sub-account it would go in: {symbol, subAccount, currency}. */
        HEDGE_OTHER_CURRENCY,
        /** No venue the hedge could go to lists the benchmark (a coin-margined-only account and a USDT benchmark): {symbol}. */
        HEDGE_BENCHMARK_NOT_LISTED,
        /** A symbol no position holds is priced at its last daily close: {symbol}. */
        PRICED_AT_LAST_CLOSE,
        /** A scenario symbol has no candles for the day nor a benchmark move to proxy it: {symbol, day, benchmark}. */
        SCENARIO_LEFT_UNMOVED,
        /** A scenario symbol without candles for the day moves β × the benchmark's move: {symbol, day, beta, benchmark}. */
        SCENARIO_PROXIED,
        /** A per-symbol scenario leaves the symbols it does not list unmoved: {}. */
        SCENARIO_UNLISTED_UNMOVED
    }

    public PortfolioNote {
        Checks.notNull("code", code);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A note with figures given as key, value, key, value, ... */
    public static PortfolioNote of(Code code, Object... keyValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            v.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new PortfolioNote(code, v);
    }
}
