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
        // the centre for the single-start procedure; the screened point the full search ran from for a multi-start fit;
        // the prior's weight the file records (absent: 0, the unregularised search)
        double w = EventFile.prior(stored);
        // the variants' parameters the file says were searched too (absent: off, the bundled procedure)
        com.fasterxml.jackson.databind.JsonNode proc = stored.procedure();
        BehaviourFit refit = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers(), 2, w, proc.path("crossMargin").asBoolean(false),
                proc.path("eventHourDepth").asBoolean(false), proc.path("bookShape").asBoolean(false), proc.path("panicCloses").asBoolean(false),
                proc.path("latentLiquidity").asBoolean(false)).withCarryPanic(proc.path("carryPanic").asBoolean(false))
                .withFixedPanicThreshold(proc.path("fixedPanicThreshold").asBoolean(false))
                .withCarryImpact(proc.path("carryImpact").asBoolean(false));
        if (refit.fixedPanicThreshold()) {
            // the threshold was held at its start (the centre of its range) in every stage
            assertThat(stored.behaviour().get(Behaviour.PANIC_SPEED)).isEqualTo(refit.startPoint().get(Behaviour.PANIC_SPEED));
        }
        boolean twoStages = proc.path("foldLeverage").asBoolean(false);
        if (twoStages) {
            // a fold-leverage fit's checkpoint lies in its first stage (the plain search with every parameter free) when
            // that stage is at least CHECKPOINT_EVALS long: the short re-run is that search
            BehaviourFit.StageSplit at = BehaviourFit.StageSplit.parse(proc.path("foldLeverageAt").asText("1/3"));
            assertThat(at.stage1(stored.budget())).isGreaterThanOrEqualTo(BehaviourFit.CHECKPOINT_EVALS);
        }
        // a single-start fit starts at the centre of every range it searches, the variants' parameters included
        Behaviour from = proc.has("multiStart") ? EventFile.searchStart(stored) : refit.startPoint();
        BehaviourFit.Result r = refit.fit(train, from, cp.evaluations(), stored.seed());
        assertThat(r.behaviour().named()).isEqualTo(cp.behaviour().named());
        assertThat(r.loss()).isEqualTo(cp.loss());
        // the search went on from there: the stored set has the stored training loss (band loss + prior penalty)
        double storedLoss = proc.get("loss").asDouble();
        assertThat(refit.objective(train, stored.behaviour())).isEqualTo(storedLoss);
        if (!twoStages) {
            // one search only moves to a lower loss: no higher than the checkpoint's
            assertThat(storedLoss).isLessThanOrEqualTo(cp.loss());
        } else {
            // two stages: the second starts from the first's set with both scales moved to L, which may cost more than the
            // checkpoint, so the final loss need not be below it; what holds is that both scales sit at the recorded L
            double lev = proc.get("foldLeverageScale").asDouble();
            assertThat(java.util.Arrays.stream(BehaviourFit.LEVERAGE_GRID).boxed().toList()).contains(lev);
            assertThat(stored.behaviour().get(io.perpguard.cascade.Behaviour.FRESH_LEV)).isEqualTo(lev);
            assertThat(stored.behaviour().get(io.perpguard.cascade.Behaviour.SEASONED_LEV)).isEqualTo(lev);
        }
        if (w != 0) {
            assertThat(stored.procedure().get("bandLoss").asDouble()).isEqualTo(fit.score(train, stored.behaviour()).loss());
            assertThat(stored.procedure().get("priorPenalty").asDouble()).isEqualTo(refit.penalty(stored.behaviour()));
        }
    }

    @Test
    void checkpoint_isTheSameSearchStoppedEarly() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit.Result longer = fit.fit(train, BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS + 4, 18);
        BehaviourFit.Result stopped = fit.fit(train, BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS, 18);
        assertThat(longer.checkpoint().behaviour()).isEqualTo(stopped.behaviour());
        assertThat(longer.checkpoint().loss()).isEqualTo(stopped.loss());
    }

    // --- the regularised fit: band loss + W · Σ (u − ½)² over the fitted parameters' normalised coordinates ---

    private static List<CascadeEvent> cheapTrain() {
        return List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
    }

    private BehaviourFit withPrior(double w) {
        return new BehaviourFit(s -> INSTRUMENTS.get(s).tiers(), 1, w);
    }

    @Test
    void centreDistance_isZeroAtTheStart_andAQuarterPerFittedParameterAtABound() {
        assertThat(BehaviourFit.centreDistance2(BehaviourFit.start())).isCloseTo(0, within(1e-20));
        double[] lo = Behaviour.defaults().values();
        int fitted = 0;
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            if (Behaviour.PARAMS[i].fitted()) {
                lo[i] = Behaviour.PARAMS[i].lo();
                fitted++;
            }
        }
        assertThat(BehaviourFit.centreDistance2(Behaviour.of(lo))).isCloseTo(0.25 * fitted, within(1e-9));
        assertThat(withPrior(2).penalty(Behaviour.of(lo))).isCloseTo(0.5 * fitted, within(1e-9));
        assertThat(withPrior(0).penalty(Behaviour.of(lo))).isZero();
    }

    /** W = 0 is the unregularised search, number for number; its result reports no penalty. */
    @Test
    void priorZero_isTheUnregularisedSearchExactly() {
        BehaviourFit.Result plain = fit.fit(cheapTrain(), BehaviourFit.start(), 10, 18);
        BehaviourFit.Result zero = withPrior(0).fit(cheapTrain(), BehaviourFit.start(), 10, 18);
        assertThat(zero.behaviour()).isEqualTo(plain.behaviour());
        assertThat(zero.loss()).isEqualTo(plain.loss()).isEqualTo(zero.bandLoss());
        assertThat(zero.penalty()).isZero();
        assertThat(zero.checkpoint()).isEqualTo(plain.checkpoint());
        assertThat(zero.moves()).isEqualTo(plain.moves());
        // and the search moved, so the comparison is not of two untouched starts
        assertThat(plain.moves()).isPositive();
    }

    /**
     * The pull toward the centre works: the same search with a larger W ends no farther from the centre, a prior far
     * heavier than anything the bands can gain keeps the start, and with W > 0 the set differs from the unregularised
     * one (else the prior would test nothing).
     */
    @Test
    void largerPrior_endsNoFartherFromTheCentre() {
        double prev = Double.POSITIVE_INFINITY;
        Behaviour unregularised = null;
        BehaviourFit.Result r = null;
        for (double w : new double[]{0, 2.77, 20, 1000}) {
            r = withPrior(w).fit(cheapTrain(), BehaviourFit.start(), 16, 18);
            double d2 = BehaviourFit.centreDistance2(r.behaviour());
            assertThat(d2).as("W = " + w).isLessThanOrEqualTo(prev);
            prev = d2;
            if (w == 0) {
                unregularised = r.behaviour();
                assertThat(d2).isPositive();
            } else if (w == 2.77) {
                assertThat(r.behaviour()).isNotEqualTo(unregularised);
            }
        }
        // W = 1000: every trial step costs at least 1000/16 in penalty, so the search never leaves its start
        assertThat(r.moves()).isZero();
        assertThat(r.behaviour()).isEqualTo(withPrior(1000).fit(cheapTrain(), BehaviourFit.start(), 0, 18).behaviour());
        assertThat(prev).isCloseTo(0, within(1e-20));
    }

    /** The result's split adds up: loss = band loss (the bands alone, as scored) + W · centre distance². */
    @Test
    void regularisedResult_lossIsBandLossPlusPenalty_andTheCheckpointIsTheSameSearchStoppedEarly() {
        BehaviourFit reg = withPrior(2.77);
        BehaviourFit.Result r = reg.fit(cheapTrain(), BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS + 6, 18);
        assertThat(r.prior()).isEqualTo(2.77);
        assertThat(r.bandLoss()).isEqualTo(fit.score(cheapTrain(), r.behaviour()).loss());
        assertThat(r.penalty()).isEqualTo(2.77 * BehaviourFit.centreDistance2(r.behaviour())).isPositive();
        assertThat(r.loss()).isEqualTo(r.bandLoss() + r.penalty()).isEqualTo(reg.objective(cheapTrain(), r.behaviour()));
        assertThat(r.loss()).isLessThanOrEqualTo(r.startLoss());
        BehaviourFit.Result stopped = reg.fit(cheapTrain(), BehaviourFit.start(), BehaviourFit.CHECKPOINT_EVALS, 18);
        assertThat(r.checkpoint().behaviour()).isEqualTo(stopped.behaviour());
        assertThat(r.checkpoint().loss()).isEqualTo(stopped.loss());
    }

    /** Start points of the multi-start fit: the centre first, the others a Latin hypercube drawn from the seed. */
    @Test
    void starts_centreFirst_thenALatinHypercubeOfTheFittedCoordinates_drawnFromTheSeed() {
        int k = 6;
        List<Behaviour> a = BehaviourFit.starts(k, 18);
        assertThat(a).hasSize(k).isEqualTo(BehaviourFit.starts(k, 18)).isNotEqualTo(BehaviourFit.starts(k, 19));
        assertThat(a.get(0)).isEqualTo(BehaviourFit.start());
        assertThat(BehaviourFit.starts(1, 18)).containsExactly(BehaviourFit.start());
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            java.util.Set<Integer> strata = new java.util.TreeSet<>();
            for (Behaviour b : a.subList(1, k)) {
                if (!p.fitted()) {
                    assertThat(b.get(i)).as(p.name()).isEqualTo(p.def());
                    continue;
                }
                double v = b.get(i);
                assertThat(v).as(p.name()).isBetween(p.lo(), p.hi());
                double u = p.log() ? Math.log(v / p.lo()) / Math.log(p.hi() / p.lo()) : (v - p.lo()) / (p.hi() - p.lo());
                strata.add((int) Math.min(k - 2, Math.floor(u * (k - 1) * (1 - 1e-12))));
            }
            if (p.fitted()) {
                // one point in each of the k - 1 strata of every coordinate
                assertThat(strata).as(p.name()).hasSize(k - 1);
            }
        }
    }

    /**
     * The multi-start path: every start is screened by the short search, the full search runs from the screened point
     * of lowest training loss (never chosen by anything else), and the whole is the same for the same seed. The result
     * is exactly the single search from that point, so its checkpoint is reproduced by a short fit from the recorded
     * point, as for the single start.
     */
    @Test
    void multiStart_fullSearchRunsFromTheScreenedStartOfLowestTrainingLoss_andRepeats() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        int k = 3, screen = 1, budget = 3;
        long seed = 18;
        BehaviourFit.Result r = fit.fitMultiStart(train, k, screen, 1, budget, seed);
        BehaviourFit.MultiStart m = r.multiStart();
        assertThat(m).isNotNull();
        assertThat(m.screened()).hasSize(k);
        List<Behaviour> starts = BehaviourFit.starts(k, seed);
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            BehaviourFit.Screened s = m.screened().get(i);
            assertThat(s.start()).isEqualTo(starts.get(i));
            BehaviourFit.Result shortFit = fit.fit(train, starts.get(i), screen, seed);
            assertThat(s.screened()).isEqualTo(shortFit.behaviour());
            assertThat(s.loss()).isEqualTo(shortFit.loss());
            min = Math.min(min, s.loss());
        }
        // the starts differ in training loss (else the choice would test nothing), and the lowest one was chosen
        assertThat(m.screened().stream().mapToDouble(BehaviourFit.Screened::loss).distinct().count()).isGreaterThan(1);
        assertThat(m.winner().loss()).isEqualTo(min);
        assertThat(m.finals()).containsExactly(m.chosen());
        BehaviourFit.Result fromWinner = fit.fit(train, m.winner().screened(), budget, seed);
        assertThat(r.behaviour()).isEqualTo(fromWinner.behaviour());
        assertThat(r.loss()).isEqualTo(fromWinner.loss()).isLessThanOrEqualTo(min);
        assertThat(r.checkpoint()).isEqualTo(fromWinner.checkpoint());
        assertThat(r.evaluations()).isEqualTo(k * (screen + 1) + fromWinner.evaluations());
        BehaviourFit.Result again = fit.fitMultiStart(train, k, screen, 1, budget, seed);
        assertThat(again.behaviour()).isEqualTo(r.behaviour());
        assertThat(again.multiStart()).isEqualTo(m);
        // one start is the single search from the centre
        assertThat(fit.fitMultiStart(train, 1, screen, 1, 1, seed).behaviour())
                .isEqualTo(fit.fit(train, BehaviourFit.start(), 1, seed).behaviour());
    }

    @Test
    void multiStart_withTwoFinalists_keepsTheLowerFinalTrainingLoss() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit.Result r = fit.fitMultiStart(train, 3, 1, 2, 2, 7);
        BehaviourFit.MultiStart m = r.multiStart();
        assertThat(m.finals()).hasSize(2).doesNotHaveDuplicates();
        assertThat(m.screened().get(m.finals().get(0)).loss()).isLessThanOrEqualTo(m.screened().get(m.finals().get(1)).loss());
        for (int i = 0; i < m.screened().size(); i++) {
            if (!m.finals().contains(i)) {
                assertThat(m.screened().get(i).loss()).isGreaterThanOrEqualTo(m.screened().get(m.finals().get(1)).loss());
            }
        }
        assertThat(r.loss()).isEqualTo(m.finalLosses().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(m.finals().get(m.finalLosses().indexOf(r.loss()))).isEqualTo(m.chosen());
    }

    @Test
    void bundledFits_oneSetPerLeftOutEvent_fittedToTheOthers_unfittedParametersAtTheirDefault() {
        BehaviourFit.Fits f = EventFile.bundledFits();
        assertThat(f.folds().keySet()).containsExactlyInAnyOrderElementsOf(EventFile.builtInNames());
        List<String> names = new ArrayList<>(EventFile.builtInNames());
        names.add(null);
        for (String n : names) {
            EventFile.StoredFit s = EventFile.bundledFit(n);
            Behaviour b = n == null ? f.all() : f.folds().get(n);
            // the variants' parameters the fit file says were searched too are fitted there, not at their default
            com.fasterxml.jackson.databind.JsonNode proc = s.procedure();
            java.util.Set<Integer> searched = new java.util.HashSet<>();
            String[] flags = {"crossMargin", "eventHourDepth", "bookShape", "panicCloses", "latentLiquidity", "carryPanic", "carryImpact"};
            int[][] params = {Behaviour.CROSS_MARGIN, Behaviour.EVENT_HOUR, Behaviour.BOOK_SHAPE_VARIANT, Behaviour.PANIC_CLOSE_VARIANT,
                    Behaviour.LATENT_VARIANT, Behaviour.CARRY_PANIC_VARIANT, Behaviour.CARRY_IMPACT_VARIANT};
            for (int k = 0; k < flags.length; k++) {
                if (proc.path(flags[k]).asBoolean(false)) {
                    for (int i : params[k]) {
                        searched.add(i);
                    }
                }
            }
            for (int i = 0; i < Behaviour.PARAMS.length; i++) {
                if (!Behaviour.PARAMS[i].fitted() && !searched.contains(i)) {
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
