package io.perpguard.cascade;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixed panic threshold (variant U2, {@code --fixed-panic-threshold}, off by default; docs/cascade-rounds.md,
 * carry unwind that must aim): panicSpeedRefPct leaves the search and stays at its start, in both stages of a
 * fold-leverage fit, so that with the carry-unwind variant χ is the search's way to move panic selling per market.
 */
class FixedPanicThresholdTest {
    private static final double P = 100_000;

    /** A crash the start set does not fit: a 3 % trigger in ten minutes against a 12-20 % fall band. */
    private static CascadeEvent crash(double fundingLastWeek) {
        double[] f = new double[90];
        Arrays.fill(f, fundingLastWeek);
        MarketState s = StateLadderTest.state(85_000, P, 6e9, 10e9, f);
        CascadeEvent.Market m = new CascadeEvent.Market("BTCUSDT", P, "BTCUSDT", 10_000, 0.78, s,
                new EngineSpec(0, false, 1e9, true, 60, false), List.of());
        return new CascadeEvent("carry", "crash", "test", 0, 90, 1, 1, List.of(m), List.of(new ShockLeg(5, 10, 0, -3)),
                List.of(new Band("F", "fall", "maxDrawdownInWindowPct:60", 12, 20, "test")), List.of(), null);
    }

    private final BehaviourFit plain = new BehaviourFit(TestMarkets.TIERS);
    private final BehaviourFit held = plain.withFixedPanicThreshold(true);

    @Test
    void offByDefault_andEveryOtherSwitchKeepsIt() {
        assertThat(plain.fixedPanicThreshold()).isFalse();
        assertThat(held.fixedPanicThreshold()).isTrue();
        BehaviourFit u2 = new BehaviourFit(TestMarkets.TIERS, 1, 0, false, false, false, false, true).withFixedPanicThreshold(true)
                .withFoldLeverage(true).withFoldLeverageAt(new BehaviourFit.StageSplit(2, 3)).withCarryPanic(true);
        assertThat(u2.fixedPanicThreshold()).isTrue();
        assertThat(u2.latentLiquidity()).isTrue();
        assertThat(u2.foldLeverage()).isTrue();
        assertThat(u2.carryPanic()).isTrue();
        assertThat(u2.foldLeverageAt()).isEqualTo(new BehaviourFit.StageSplit(2, 3));
        // the threshold is the only parameter that leaves the search; it starts at the centre of its range
        assertThat(Arrays.stream(u2.free()).boxed().toList()).doesNotContain(Behaviour.PANIC_SPEED).contains(Behaviour.PANIC_SELL,
                Behaviour.CARRY_PANIC);
        assertThat(u2.free().length).isEqualTo(u2.withFixedPanicThreshold(false).free().length - 1);
        Behaviour.Param p = Behaviour.PARAMS[Behaviour.PANIC_SPEED];
        assertThat(u2.startPoint().get(Behaviour.PANIC_SPEED)).isEqualTo(Math.sqrt(p.lo() * p.hi()), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theFitNeverMovesTheThreshold_inEitherStage() {
        // the threshold is out of the search (free(), checked above); this checks that no other path of the fit moves it
        // (stage 1, the leverage read between the stages, stage 2), from a start away from the centre
        List<CascadeEvent> train = List.of(crash(0.0003), crash(-0.0001));
        Behaviour start = held.withCarryPanic(true).startPoint().with(Behaviour.PANIC_SPEED, 2.0);
        BehaviourFit.Result r = held.withCarryPanic(true).fit(train, start, 12, 18);
        assertThat(r.moves()).isPositive();
        assertThat(r.behaviour().get(Behaviour.PANIC_SPEED)).isEqualTo(2.0);
        assertThat(r.checkpoint().behaviour().get(Behaviour.PANIC_SPEED)).isEqualTo(2.0);
        BehaviourFit.Result two = held.withCarryPanic(true).withFoldLeverage(true).withFoldLeverageAt(new BehaviourFit.StageSplit(2, 3))
                .fit(train, start, 12, 18);
        assertThat(two.moves()).isPositive();
        assertThat(two.behaviour().get(Behaviour.PANIC_SPEED)).isEqualTo(2.0);
        assertThat(two.behaviour()).isNotEqualTo(start);
    }

    @Test
    void multiStart_isRefused() {
        assertThatThrownBy(() -> held.fitMultiStart(List.of(crash(0.0001)), 2, 1, 1, 1, 18))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fixed panic threshold");
    }
}
