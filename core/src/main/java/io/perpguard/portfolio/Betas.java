package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Betas to one benchmark contract: β_i = cov(r_i, r_b) / var(r_b) (Sharpe 1964 market model); the benchmark's own
 * beta is 1 by definition. Every beta-weighted figure (exposure, liquidating move, scenarios, hedge, the checklist's
 * exposure rule) is measured against the benchmark, {@value #DEFAULT_BENCHMARK} unless a request names another.
 *
 * @param benchmark the contract betas are measured against (also the hedge instrument)
 * @param bySymbol  estimated betas; a symbol absent (or NaN) is unknown; always holds the benchmark at 1
 */
public record Betas(String benchmark, Map<String, Double> bySymbol) {
    /** The documented default benchmark. */
    public static final String DEFAULT_BENCHMARK = "BTCUSDT";

    public Betas {
        Checks.notBlank("benchmark", benchmark);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(benchmark, 1.0);
        bySymbol.forEach((s, b) -> {
            if (!s.equals(benchmark)) {
                m.put(s, b);
            }
        });
        bySymbol = Collections.unmodifiableMap(m);
    }

    /** No estimates yet: the benchmark is 1, every other symbol unknown. */
    public static Betas none(String benchmark) {
        return new Betas(benchmark, Map.of());
    }

    /**
     * The benchmark named by a request, refused unless some venue lists it (a market: on two venues, or without a tier
     * table, it is still one); {@value #DEFAULT_BENCHMARK} when none is named. A benchmark that is not one priceable
     * contract only goes without the hedge.
     */
    public static String benchmark(String requested, Instruments instruments) {
        if (requested == null) {
            return DEFAULT_BENCHMARK;
        }
        String market = instruments.market(requested);
        if (market == null) {
            throw new InvalidInputException("benchmark", "'" + requested + "' is not a known contract (e.g. "
                    + DEFAULT_BENCHMARK + ", the default)");
        }
        return market;
    }

    /** Betas of every symbol of the matrix, which must hold the benchmark. The one beta estimate. */
    public static Betas estimate(ReturnMatrix m, String benchmark) {
        double[] b = m.row(benchmark);
        Map<String, Double> betas = new LinkedHashMap<>();
        for (String s : m.symbols()) {
            if (!s.equals(benchmark)) {
                betas.put(s, SampleMoments.beta(m.row(s), b));
            }
        }
        return new Betas(benchmark, betas);
    }

    /** Beta of {@code symbol}: 1 for the benchmark, else the estimate (NaN when unknown). */
    public double of(String symbol) {
        Double b = bySymbol.get(symbol);
        return b == null ? Double.NaN : b;
    }

    /** These betas with {@code symbol}'s set to {@code beta}. */
    public Betas with(String symbol, double beta) {
        Map<String, Double> m = new LinkedHashMap<>(bySymbol);
        m.put(symbol, beta);
        return new Betas(benchmark, m);
    }
}
