package io.perpguard.data.cascade;

import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.Band;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fit is a procedure, not a hand edit: it starts from the centre of every range, is seeded and repeatable, never
 * makes the training loss worse, and the stored sets are what the code produces.
 */
class BehaviourFitTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();
    private final BehaviourFit fit = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers());

    @Test
    void start_isTheCentreOfEveryFittedRange_notAHandPick() {
        Behaviour s = BehaviourFit.start();
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            if (p.fitted()) {
                double centre = p.log() ? Math.sqrt(p.lo() * p.hi()) : (p.lo() + p.hi()) / 2;
                assertThat(s.get(i)).as(p.name()).isCloseTo(centre, within(1e-12 * centre));
            }
        }
    }

    @Test
    void sameBudgetAndSeed_giveTheSameSet_andTheLossDoesNotRise() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit.Result a = fit.fit(train, BehaviourFit.start(), 6, 18);
        BehaviourFit.Result b = fit.fit(train, BehaviourFit.start(), 6, 18);
        assertThat(a.behaviour()).isEqualTo(b.behaviour());
        assertThat(a.evaluations()).isLessThanOrEqualTo(6);
        assertThat(a.loss()).isLessThanOrEqualTo(a.startLoss());
        assertThat(fit.score(train, a.behaviour()).loss()).isEqualTo(a.loss());
    }

    @Test
    void bandLoss_isZeroInside_andGrowsSmoothlyWithTheDistanceOutside() {
        Band band = new Band("x", "x", "longShare", 0.8, 0.9, "test");
        assertThat(BehaviourFit.bandLoss(BandResult.of(band, 0.85))).isZero();
        double justOut = BehaviourFit.bandLoss(BandResult.of(band, 0.9001));
        double farther = BehaviourFit.bandLoss(BandResult.of(band, 0.95));
        assertThat(justOut).isPositive().isLessThan(0.01);
        assertThat(farther).isGreaterThan(justOut).isCloseTo(Math.log1p(0.5), within(1e-9));
    }

    /**
     * The stored sets come from the code, not from an edit, checked without repeating a whole search (that takes
     * minutes; {@code perpguard cascade --fit --leave-out NAME --verify} does it): every fit file records the state of its
     * search after {@link BehaviourFit#CHECKPOINT_EVALS} evaluations, and a fit with that budget is the same search
     * stopped there. Re-running it must give the very same numbers and loss. The fold without ftx-2022 trains on the
     * cheaper events.
     */
    @Test
    void storedFold_checkpointIsReproducedByAShortRerunOfTheFit() {
        EventFile.StoredFit stored = EventFile.bundledFit("ftx-2022");
        BehaviourFit.Checkpoint cp = EventFile.checkpoint(stored);
        List<CascadeEvent> train = new ArrayList<>();
        for (CascadeEvent e : EventFile.builtIn()) {
            if (!e.name().equals("ftx-2022")) {
                train.add(e);
            }
        }
        assertThat(stored.trainedOn()).containsExactlyElementsOf(train.stream().map(CascadeEvent::name).toList());
        assertThat(cp.evaluations()).isEqualTo(BehaviourFit.CHECKPOINT_EVALS);
        BehaviourFit.Result r = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers(), 2).fit(train, BehaviourFit.start(), cp.evaluations(), stored.seed());
        assertThat(r.behaviour().named()).isEqualTo(cp.behaviour().named());
        assertThat(r.loss()).isEqualTo(cp.loss());
        // the search went on from there: the stored set has the stored training loss, no higher than the checkpoint's
        double storedLoss = stored.procedure().get("loss").asDouble();
        assertThat(fit.score(train, stored.behaviour()).loss()).isEqualTo(storedLoss);
        assertThat(storedLoss).isLessThanOrEqualTo(cp.loss());
    }

    @Test
    void checkpoint_isTheSameSearchStoppedEarly() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit.Result longer = fit.fit(train, BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS + 4, 18);
        BehaviourFit.Result stopped = fit.fit(train, BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS, 18);
        assertThat(longer.checkpoint().behaviour()).isEqualTo(stopped.behaviour());
        assertThat(longer.checkpoint().loss()).isEqualTo(stopped.loss());
    }

    @Test
    void bundledFits_oneSetPerLeftOutEvent_fittedToTheOthers_unfittedParametersAtTheirDefault() {
        BehaviourFit.Fits f = EventFile.bundledFits();
        assertThat(f.folds().keySet()).containsExactlyInAnyOrderElementsOf(EventFile.builtInNames());
        List<Behaviour> sets = new ArrayList<>(f.folds().values());
        sets.add(f.all());
        for (Behaviour b : sets) {
            for (int i = 0; i < Behaviour.PARAMS.length; i++) {
                if (!Behaviour.PARAMS[i].fitted()) {
                    assertThat(b.get(i)).as(Behaviour.PARAMS[i].name()).isEqualTo(Behaviour.PARAMS[i].def());
                }
            }
        }
        for (String n : EventFile.builtInNames()) {
            EventFile.StoredFit s = EventFile.bundledFit(n);
            assertThat(s.leftOut()).isEqualTo(n);
            assertThat(s.trainedOn()).doesNotContain(n).hasSize(EventFile.builtInNames().size() - 1);
            assertThat(s.procedure().get("command").asText()).contains("--leave-out " + n).contains("--budget " + s.budget())
                    .contains("--seed " + s.seed());
        }
    }
}
