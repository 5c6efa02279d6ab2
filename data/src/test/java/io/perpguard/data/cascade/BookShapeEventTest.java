package io.perpguard.data.cascade;

import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.EventModel;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book-shape variant on a bundled event (docs/cascade-rounds.md, the shape of the book): switching it on at the exponent every
 * bundled market already has (depthBeta 0.78) is today's model bit for bit, on all three coupled markets of oct-2025;
 * another exponent changes the run.
 */
class BookShapeEventTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();

    @Test
    void onAtTheMarketsOwnExponent_isTodaysModelBitForBit_anotherShapeIsNot() {
        CascadeEvent e = EventFile.load("oct-2025").event();
        assertThat(e.markets()).hasSize(3).allSatisfy(m -> assertThat(m.depthBeta()).isEqualTo(0.78));
        EventModel model = new EventModel(s -> INSTRUMENTS.get(s).tiers());
        Behaviour bundled = EventFile.bundledFit(null).behaviour();
        assertThat(bundled.get(Behaviour.BOOK_SHAPE)).as("bundled fits: off").isZero();
        CascadeResult today = model.run(e, bundled), same = model.run(e, bundled.with(Behaviour.BOOK_SHAPE, 0.78)),
                square = model.run(e, bundled.with(Behaviour.BOOK_SHAPE, 2));
        assertThat(same).usingRecursiveComparison().isEqualTo(today);
        assertThat(square.drawdownPct()).isNotEqualTo(today.drawdownPct());
    }
}
