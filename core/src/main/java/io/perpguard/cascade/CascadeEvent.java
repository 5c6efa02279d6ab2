package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.List;
import java.util.Map;

/**
 * A historical event as the shared-parameter model sees it: per market only the pre-event state and venue facts, one
 * exogenous driver for the reference market, and the target bands with their sources. Behaviour comes from
 * {@link Behaviour}; {@link EventModel} turns the two into a runnable {@link CascadeScenario}.
 *
 * @param name           short name, e.g. {@code sep-2021}
 * @param kind           {@code crash}, {@code control} (calm) or {@code de-levered}
 * @param description    one line
 * @param startTimeMs    wall-clock time of minute 0 (epoch ms UTC)
 * @param horizonMinutes simulated length
 * @param dtSeconds      event-core step
 * @param seed           RNG seed (seasoned entries)
 * @param markets        markets, the first is the reference
 * @param driver         exogenous shock legs of the reference market; other markets take the index move to the power
 *                       of their beta and the sell flow in proportion to their depth
 * @param bands          target bands
 * @param sources        citations
 * @param inputs         provenance: which inputs are observed, assumed or fitted (free text per key)
 * @param reporting      the venues' reporting of liquidations (off unless asked for: bands see the true figures)
 */
public record CascadeEvent(String name, String kind, String description, long startTimeMs, double horizonMinutes,
                           double dtSeconds, long seed, List<Market> markets, List<ShockLeg> driver, List<Band> bands,
                           List<String> sources, Map<String, String> inputs, Reporting reporting) {
    /** An event whose bands see the true liquidations (no reporting filter). */
    public CascadeEvent(String name, String kind, String description, long startTimeMs, double horizonMinutes, double dtSeconds,
                        long seed, List<Market> markets, List<ShockLeg> driver, List<Band> bands, List<String> sources,
                        Map<String, String> inputs) {
        this(name, kind, description, startTimeMs, horizonMinutes, dtSeconds, seed, markets, driver, bands, sources, inputs, null);
    }

    public CascadeEvent {
        reporting = reporting == null ? Reporting.NONE : reporting;
        Checks.notBlank("name", name);
        Checks.notBlank("kind", kind);
        markets = List.copyOf(Checks.notNull("markets", markets));
        if (markets.isEmpty()) {
            throw new InvalidInputException("markets", "needs at least one market");
        }
        driver = List.copyOf(Checks.notNull("driver", driver));
        bands = List.copyOf(bands == null ? List.of() : bands);
        sources = List.copyOf(sources == null ? List.of() : sources);
        inputs = Map.copyOf(inputs == null ? Map.of() : inputs);
        description = description == null ? "" : description;
    }

    /**
     * One market of an event: state and venue, no behaviour.
     *
     * @param symbol             label
     * @param price              price at the event start
     * @param tiersSymbol        tier table for MMR
     * @param accountNotionalUsd typical position size (picks the tier)
     * @param depthBeta          depth exponent β of the book walk (CASCADE.md §3.2: 0.78)
     * @param state              pre-event observables
     * @param engine             venue liquidation engine (its mark lag is replaced by the behavioural one)
     * @param halts              venue halts
     */
    public record Market(String symbol, double price, String tiersSymbol, double accountNotionalUsd, double depthBeta,
                         MarketState state, EngineSpec engine, List<Halt> halts) {
        public Market {
            Checks.notBlank("market.symbol", symbol);
            Checks.positive("market.price", price);
            Checks.notBlank("market.tiersSymbol", tiersSymbol);
            Checks.positive("market.accountNotionalUsd", accountNotionalUsd);
            Checks.inRange("market.depthBeta", depthBeta, 0.3, 1.5);
            Checks.notNull("market.state", state);
            Checks.notNull("market.engine", engine);
            halts = List.copyOf(halts == null ? List.of() : halts);
        }
    }

    /** The same event with another driver (e.g. trigger only). */
    public CascadeEvent withDriver(List<ShockLeg> d) {
        return new CascadeEvent(name, kind, description, startTimeMs, horizonMinutes, dtSeconds, seed, markets, d, bands,
                sources, inputs, reporting);
    }

    /** The same event with its liquidation bands scored on reported figures ({@link ReportingFilter}) or on true ones. */
    public CascadeEvent withReportingFilter(boolean on) {
        return new CascadeEvent(name, kind, description, startTimeMs, horizonMinutes, dtSeconds, seed, markets, driver, bands,
                sources, inputs, new Reporting(on, reporting.venueOiShares(), reporting.reportedHigh(), reporting.sources()));
    }

    /** The filter of this event's date and venue shares ({@link ReportingFilter#NONE} when off). */
    public ReportingFilter reportingFilter() {
        return reporting.on() ? ReportingFilter.at(startTimeMs, reporting.venueOiShares()) : ReportingFilter.NONE;
    }

    /** The bands scored: with the filter on, a band named in {@code reportedHigh} takes that upper bound. */
    public List<Band> scoredBands() {
        if (!reporting.on() || reporting.reportedHigh().isEmpty()) {
            return bands;
        }
        List<Band> out = new java.util.ArrayList<>();
        for (Band b : bands) {
            Double h = reporting.reportedHigh().get(b.id());
            out.add(h == null ? b : new Band(b.id(), b.description() + " (reported)",
                    b.metric(), b.low(), h, b.source()));
        }
        return out;
    }

    /**
     * How the venues reported the event's liquidations.
     *
     * @param on            score liquidation bands on reported figures
     * @param venueOiShares venue (lower case) → its observed share of the event market's OI
     * @param reportedHigh  band id → its upper bound without the hand-set undercount allowance (used when on)
     * @param sources       where the shares and bounds come from
     */
    public record Reporting(boolean on, Map<String, Double> venueOiShares, Map<String, Double> reportedHigh, List<String> sources) {
        public static final Reporting NONE = new Reporting(false, Map.of(), Map.of(), List.of());

        public Reporting {
            venueOiShares = Map.copyOf(venueOiShares == null ? Map.of() : venueOiShares);
            reportedHigh = Map.copyOf(reportedHigh == null ? Map.of() : reportedHigh);
            sources = List.copyOf(sources == null ? List.of() : sources);
            for (Map.Entry<String, Double> v : venueOiShares.entrySet()) {
                Checks.inRange("reporting.venueOiShares." + v.getKey(), v.getValue(), 0, 1);
            }
        }
    }
}
