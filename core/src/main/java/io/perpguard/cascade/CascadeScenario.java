package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.List;

/**
 * A cascade scenario: one or more markets simulated over the same clock, with target bands and sources.
 *
 * @param name            short name, e.g. {@code oct-2025}
 * @param description     one line
 * @param startTimeMs     wall-clock time of minute 0 (epoch ms UTC), for per-day totals
 * @param horizonMinutes  simulated length
 * @param dtSeconds       event-core time step, 0.1–60 s
 * @param seed            RNG seed (ladder entries)
 * @param markets         markets; the first is the reference for drawdown and time to trough
 * @param bands           target bands
 * @param sources         citations for the inputs and bands
 */
public record CascadeScenario(String name, String description, long startTimeMs, double horizonMinutes, double dtSeconds,
                              long seed, List<MarketSpec> markets, List<Band> bands, List<String> sources) {
    public CascadeScenario {
        Checks.notBlank("name", name);
        Checks.inRange("horizonMinutes", horizonMinutes, 1, 60 * 24 * 14);
        Checks.inRange("dtSeconds", dtSeconds, 0.1, 60);
        markets = List.copyOf(Checks.notNull("markets", markets));
        if (markets.isEmpty()) {
            throw new InvalidInputException("markets", "needs at least one market");
        }
        bands = List.copyOf(bands == null ? List.of() : bands);
        sources = List.copyOf(sources == null ? List.of() : sources);
        description = description == null ? "" : description;
    }

    /** A one-market scenario without bands (tests, benchmarks). */
    public static CascadeScenario single(String name, MarketSpec market, double horizonMinutes, double dtSeconds, long seed) {
        return new CascadeScenario(name, "", 0, horizonMinutes, dtSeconds, seed, List.of(market), List.of(), List.of());
    }

    public CascadeScenario withMarkets(List<MarketSpec> m) {
        return new CascadeScenario(name, description, startTimeMs, horizonMinutes, dtSeconds, seed, m, bands, sources);
    }

    public MarketSpec reference() {
        return markets.get(0);
    }
}
