package io.perpguard.data.cascade;

import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.ReportingFilter;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The reporting filter on the bundled events (docs/cascade.md, "Liquidation figures as the venues' feeds report them"):
 * off by default; on, the liquidation bands read the reported figures, with the shares and bounds the docs state.
 */
class ReportingEventsTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();
    private static final EventModel MODEL = new EventModel(s -> INSTRUMENTS.get(s).tiers());

    private static BandResult band(CascadeResult r, String id) {
        return r.bands().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyEvent_hasItsSourcedVenueShares_andTheThrottledShareTheDocsState() {
        Map<String, Double> t = Map.of("mar-2020", 0.0, "sep-2021", 0.24, "dec-2021", 0.39, "ftx-2022", 0.532, "mar-2023", 0.532,
                "jul-2023", 0.532, "aug-2023", 0.532, "oct-2025", 0.3589);
        for (CascadeEvent e : EventFile.builtIn()) {
            assertThat(e.reporting().on()).as(e.name() + " off by default").isFalse();
            assertThat(e.reportingFilter()).isEqualTo(ReportingFilter.NONE);
            assertThat(e.reporting().sources()).as(e.name()).isNotEmpty();
            assertThat(e.withReportingFilter(true).reportingFilter().throttledShare()).as(e.name()).isCloseTo(t.get(e.name()), offset(1e-9));
        }
        assertThat(t).hasSize(EventFile.builtIn().size());
    }

    @Test
    void sep2021_reportedLiquidations_areTheFilteredMinutes_underTheNarrowerBand_andTheFallIsTheRunsOwn() {
        CascadeEvent e = EventFile.load("sep-2021").event();
        Behaviour b = EventFile.bundledFits().all();
        CascadeResult off = MODEL.run(e, b), on = MODEL.run(e.withReportingFilter(true), b);
        assertThat(on.drawdownPct()).isEqualTo(off.drawdownPct());
        assertThat(on.oiAfterUsd()).isEqualTo(off.oiAfterUsd());
        // t = 0.24: the crash minutes keep the unthrottled 76 % and about one order a second of the rest
        assertThat(on.liquidatedUsd()).isLessThan(0.8 * off.liquidatedUsd()).isGreaterThan(0.76 * off.liquidatedUsd());
        assertThat(on.liquidatedUsd()).isCloseTo(new ReportingFilter(0.24, ReportingFilter.ORDER_USD).apply(off).liquidatedUsd(),
                offset(1e-6 * off.liquidatedUsd()));
        assertThat(band(off, "S2").high()).isEqualTo(0.14);
        assertThat(band(on, "S2").high()).isEqualTo(0.09);
        assertThat(band(on, "S2").value()).isCloseTo(on.liquidatedUsd() / on.oiBeforeUsd(), offset(1e-12));
        assertThat(band(on, "S1").value()).isEqualTo(band(off, "S1").value());
    }

    @Test
    void mar2020_predatesEveryThrottle_soItsScoreIsUnchanged() {
        CascadeEvent e = EventFile.load("mar-2020").event();
        Behaviour b = EventFile.bundledFits().all();
        CascadeResult off = MODEL.run(e, b), on = MODEL.run(e.withReportingFilter(true), b);
        assertThat(on.liquidatedUsd()).isEqualTo(off.liquidatedUsd());
        assertThat(on.bands()).isEqualTo(off.bands());
    }
}
