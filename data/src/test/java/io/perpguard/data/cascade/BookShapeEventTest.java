package io.perpguard.data.cascade;

import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.MarketSpec;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book's shape on a bundled event (docs/cascade-rounds.md, the shape of the book): every market of oct-2025 (three, coupled) walks
 * a book with the shared exponent α of the behaviour set, not its event file's depthBeta, and another α changes the run.
 */
class BookShapeEventTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();

    @Test
    void everyMarketWalksTheSharedAlpha_andAnotherAlphaChangesTheRun() {
        CascadeEvent e = EventFile.load("oct-2025").event();
        assertThat(e.markets()).hasSize(3).allSatisfy(m -> assertThat(m.depthBeta()).isEqualTo(0.78));
        EventModel model = new EventModel(s -> INSTRUMENTS.get(s).tiers());
        Behaviour bundled = EventFile.bundledFit(null).behaviour();
        for (double a : new double[]{bundled.get(Behaviour.BOOK_SHAPE), 0.78, 2}) {
            for (MarketSpec m : model.prepare(e, bundled.with(Behaviour.BOOK_SHAPE, a)).scenario().markets()) {
                assertThat(m.depth().beta()).as("%s at alpha %s", m.symbol(), a).isEqualTo(a);
            }
        }
        double fall = model.run(e, bundled).drawdownPct();
        assertThat(model.run(e, bundled.with(Behaviour.BOOK_SHAPE, 2)).drawdownPct()).isNotEqualTo(fall);
        assertThat(model.run(e, bundled).drawdownPct()).as("deterministic").isEqualTo(fall);
    }
}
