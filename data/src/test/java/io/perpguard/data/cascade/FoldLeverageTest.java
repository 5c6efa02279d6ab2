package io.perpguard.data.cascade;

import io.perpguard.cascade.Band;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fold-leverage variant ({@code --fold-leverage}; docs/cascade-rounds.md, leverage from the training events): the
 * ladder's two leverage scales leave the search and are set, inside each fit, from its training crashes' liquidated share
 * of OI per % of fall; off by default.
 */
class FoldLeverageTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();
    private final BehaviourFit plain = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers());
    private final BehaviourFit folded = plain.withFoldLeverage(true);

    @Test
    void offByDefault_andTheSwitchKeepsTheOtherSettings() {
        assertThat(plain.foldLeverage()).isFalse();
        assertThat(folded.foldLeverage()).isTrue();
        BehaviourFit latent = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers(), 1, 0, false, false, false, false, true).withFoldLeverage(true);
        assertThat(latent.latentLiquidity()).isTrue();
        assertThat(latent.foldLeverage()).isTrue();
    }

    @Test
    void calibration_isTheCrashesWithAFallBandAndALiquidationBand_observedAsTheirCentres() {
        List<BehaviourFit.Calibration> cal = BehaviourFit.calibration(EventFile.builtIn());
        assertThat(cal).extracting(c -> c.event().name()).containsExactly("oct-2025", "sep-2021", "dec-2021", "aug-2023");
        BehaviourFit.Calibration sep = cal.get(1);
        assertThat(sep.fallBand()).isEqualTo("S1");
        assertThat(sep.liquidationBand()).isEqualTo("S2");
        // (0.06 + 0.14) / 2 of OI over (11 + 22) / 2 % of fall
        assertThat(sep.observedPerPct()).isCloseTo(0.10 / 16.5, within(1e-12));
    }

    @Test
    void trainingLeverage_risesWithTheObservedLiquidationsPerPctOfFall() {
        Behaviour b = EventFile.bundledFits().all();
        CascadeEvent aug = EventFile.load("aug-2023").event();
        double observed = plain.trainingLeverage(List.of(aug), b);
        double moreLiquidated = plain.trainingLeverage(List.of(withLiquidationBandTimes(aug, 3)), b);
        assertThat(Arrays.stream(BehaviourFit.LEVERAGE_GRID).boxed().toList()).contains(observed, moreLiquidated);
        assertThat(moreLiquidated).isGreaterThan(observed);
        // and it is the grid point whose run comes closest to the observed ratio (one calibration event: the log distance)
        BehaviourFit.Calibration c = BehaviourFit.calibration(List.of(aug)).get(0);
        double best = Double.POSITIVE_INFINITY;
        for (double lev : BehaviourFit.LEVERAGE_GRID) {
            double rho = plain.liquidatedPerPct(c, b.with(Behaviour.FRESH_LEV, lev).with(Behaviour.SEASONED_LEV, lev));
            best = Math.min(best, Math.abs(Math.log(Math.max(rho, 1e-6)) - Math.log(c.observedPerPct())));
        }
        double atChosen = plain.liquidatedPerPct(c, b.with(Behaviour.FRESH_LEV, observed).with(Behaviour.SEASONED_LEV, observed));
        assertThat(Math.abs(Math.log(Math.max(atChosen, 1e-6)) - Math.log(c.observedPerPct()))).isCloseTo(best, within(1e-12));
    }

    @Test
    void noCalibrationEventInTraining_leavesTheLeverageToTheSearch() {
        List<CascadeEvent> controls = List.of(EventFile.load("jul-2023").event(), EventFile.load("ftx-2022").event());
        assertThat(BehaviourFit.calibration(controls)).isEmpty();
        assertThat(plain.trainingLeverage(controls, BehaviourFit.start())).isNaN();
    }

    @Test
    void fit_setsBothScalesFromTheTrainingEvents_afterAThirdOfTheBudget_andTheSecondStageNeverMovesThem() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit.Result r = folded.fit(train, BehaviourFit.start(), 6, 18);
        // stage 1 is the plain search for 6 / 3 = 2 evaluations; L is read from it on the training events only
        BehaviourFit.Result stage1 = plain.fit(train, BehaviourFit.start(), 2, 18);
        double lev = plain.trainingLeverage(train, stage1.behaviour());
        assertThat(r.behaviour().get(Behaviour.FRESH_LEV)).isEqualTo(lev);
        assertThat(r.behaviour().get(Behaviour.SEASONED_LEV)).isEqualTo(lev);
        assertThat(r.evaluations()).isLessThanOrEqualTo(6);
        assertThat(r.loss()).isEqualTo(folded.score(train, r.behaviour()).loss());
        // deterministic, and not the plain search's set
        assertThat(folded.fit(train, BehaviourFit.start(), 6, 18).behaviour()).isEqualTo(r.behaviour());
        assertThat(plain.fit(train, BehaviourFit.start(), 6, 18).behaviour()).isNotEqualTo(r.behaviour());
    }

    @Test
    void stageSplit_twoThirds_readsTheScaleAfterTwoThirdsOfTheBudget() {
        List<CascadeEvent> train = List.of(EventFile.load("aug-2023").event(), EventFile.load("jul-2023").event());
        BehaviourFit late = folded.withFoldLeverageAt(new BehaviourFit.StageSplit(2, 3));
        assertThat(late.foldLeverage()).isTrue();
        assertThat(folded.foldLeverageAt()).isEqualTo(BehaviourFit.StageSplit.THIRD);
        BehaviourFit.Result r = late.fit(train, BehaviourFit.start(), 12, 18);
        // stage 1 is the plain search for 12 * 2 / 3 = 8 evaluations, all parameters free: the fit's checkpoint (after 8)
        // is that search's end, and L is read from it
        BehaviourFit.Result stage1 = plain.fit(train, BehaviourFit.start(), 8, 18);
        assertThat(r.checkpoint().behaviour()).isEqualTo(stage1.behaviour());
        assertThat(r.checkpoint().loss()).isEqualTo(stage1.loss());
        double lev = plain.trainingLeverage(train, stage1.behaviour());
        assertThat(r.behaviour().get(Behaviour.FRESH_LEV)).isEqualTo(lev);
        assertThat(r.behaviour().get(Behaviour.SEASONED_LEV)).isEqualTo(lev);
        // the default third reads L after 4 evaluations: its checkpoint is stage 2's, both scales already at its L
        BehaviourFit.Result early = folded.fit(train, BehaviourFit.start(), 12, 18);
        double levEarly = plain.trainingLeverage(train, plain.fit(train, BehaviourFit.start(), 4, 18).behaviour());
        assertThat(early.checkpoint().behaviour().get(Behaviour.FRESH_LEV)).isEqualTo(levEarly);
        assertThat(early.checkpoint().behaviour()).isNotEqualTo(stage1.behaviour());
    }

    @Test
    void stageSplit_isAShareOfTheBudget_badInputIsOneLine() {
        assertThat(BehaviourFit.StageSplit.parse("2/3").stage1(150)).isEqualTo(100);
        assertThat(BehaviourFit.StageSplit.THIRD.stage1(150)).isEqualTo(50);
        assertThat(BehaviourFit.StageSplit.THIRD.stage1(151)).isEqualTo(151 / 3);
        for (String bad : new String[]{"3/3", "0/3", "2", "a/b", "1/101"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BehaviourFit.StageSplit.parse(bad)).as(bad)
                    .hasMessageContaining("fold-leverage-at").hasMessageNotContaining("\n");
        }
    }

    @Test
    void multiStart_isRefused() {
        List<CascadeEvent> train = List.of(EventFile.load("jul-2023").event());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> folded.fitMultiStart(train, 2, 1, 1, 1, 18))
                .hasMessageContaining("fold-leverage");
    }

    private static CascadeEvent withLiquidationBandTimes(CascadeEvent e, double k) {
        List<Band> bands = new ArrayList<>();
        for (Band b : e.bands()) {
            bands.add(b.metric().equals("liquidatedToOi") ? new Band(b.id(), b.description(), b.metric(), b.low() * k, b.high() * k, b.source()) : b);
        }
        return new CascadeEvent(e.name(), e.kind(), e.description(), e.startTimeMs(), e.horizonMinutes(), e.dtSeconds(), e.seed(),
                e.markets(), e.driver(), bands, e.sources(), e.inputs(), e.reporting());
    }
}
