package io.perpguard.data.cascade;

import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fit is a procedure, not a hand edit: seeded and repeatable, and it never makes the training loss worse. */
class BehaviourFitTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();
    private final BehaviourFit fit = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers());

    @Test
    void sameBudgetAndSeed_giveTheSameSet_andTheLossDoesNotRise() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        Behaviour a = fit.fit(train, Behaviour.defaults(), 4, 18);
        Behaviour b = fit.fit(train, Behaviour.defaults(), 4, 18);
        assertThat(a).isEqualTo(b);
        assertThat(fit.score(train, a).loss()).isLessThanOrEqualTo(fit.score(train, Behaviour.defaults()).loss());
    }

    @Test
    void bundledFit_hasOneSetPerLeftOutEvent_andOnlyFittedParametersDifferFromTheDefaults() {
        BehaviourFit.Fits f = EventFile.bundledFits();
        assertThat(f.folds().keySet()).containsExactlyInAnyOrderElementsOf(EventFile.builtInNames());
        for (Behaviour b : List.of(f.all())) {
            for (int i = 0; i < Behaviour.PARAMS.length; i++) {
                if (!Behaviour.PARAMS[i].fitted()) {
                    assertThat(b.get(i)).as(Behaviour.PARAMS[i].name()).isEqualTo(Behaviour.PARAMS[i].def());
                }
            }
        }
    }
}
