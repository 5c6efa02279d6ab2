package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Carry unwind (variant U, off by default): each market's largest panic selling × e^(χ·z), z its funding crowding over
 * the week before the event (EventModel.carryCrowding, carryPanicMultiplier; docs/cascade-rounds.md#carry-unwind).
 */
class CarryPanicTest {
    private static final double P = 100_000;

    /** 90 settlements (30 days): 69 at {@code before}, then the last week's 21 at {@code lastWeek}. */
    private static double[] funding(double before, double lastWeek) {
        double[] f = new double[90];
        Arrays.fill(f, 0, 69, before);
        Arrays.fill(f, 69, 90, lastWeek);
        return f;
    }

    private static CascadeEvent event(double[] funding) {
        MarketState s = StateLadderTest.state(85_000, P, 6e9, 10e9, funding);
        CascadeEvent.Market m = new CascadeEvent.Market("BTCUSDT", P, "BTCUSDT", 10_000, 0.78, s,
                new EngineSpec(0, false, 1e9, true, 60, false), List.of());
        return new CascadeEvent("carry", "crash", "test", 0, 90, 1, 1, List.of(m), List.of(new ShockLeg(5, 10, 0, -3)),
                List.of(), List.of(), null);
    }

    private static MarketOutcome run(double[] funding, double chi) {
        // crowding of the ladder off, so funding reaches the run only through the variant
        Behaviour b = Behaviour.defaults().with(Behaviour.CROWDING, 0).with(Behaviour.INDEX_IMPACT, 0.1)
                .with(Behaviour.PANIC_SELL, 0.2).with(Behaviour.CARRY_PANIC, chi);
        return new EventModel(TestMarkets.TIERS).run(event(funding), b).markets().get(0);
    }

    @Test
    void crowding_isTheLastWeeksMeanFundingOverTheBaseline_clamped() {
        // the 69 settlements before the last week do not count
        assertThat(EventModel.carryCrowding(funding(0.001, 0.0003))).isCloseTo(2, offset(1e-9));
        assertThat(EventModel.carryCrowding(funding(0.0001, 0.0001))).isCloseTo(0, offset(1e-12));
        assertThat(EventModel.carryCrowding(funding(0, 0.0005))).isEqualTo(3);
        assertThat(EventModel.carryCrowding(funding(0, -0.0005))).isEqualTo(-1);
        assertThat(EventModel.carryCrowding(new double[0])).isZero();
        // fewer settlements than a week: the mean of those there are
        assertThat(EventModel.carryCrowding(new double[]{0.0002, 0.0004})).isCloseTo(2, offset(1e-9));
        assertThat(EventModel.carryPanicMultiplier(funding(0, 0.0003), 0.5)).isCloseTo(Math.exp(1), offset(1e-12));
        assertThat(EventModel.carryPanicMultiplier(funding(0, 0.0003), 0)).isEqualTo(1);
    }

    @Test
    void crowdedCarry_sellsMoreInPanic_andFallsFurther() {
        double[] crowded = funding(0.0001, 0.0003);
        MarketOutcome off = run(crowded, 0), on = run(crowded, 0.5);
        assertThat(off.panicSellUsd()).isPositive();
        assertThat(on.panicSellUsd()).isGreaterThan(1.5 * off.panicSellUsd());
        assertThat(on.drawdownPct()).isGreaterThan(off.drawdownPct() + 0.3);
    }

    @Test
    void carryBelowTheBaseline_sellsLessInPanic() {
        double[] calm = funding(0.0001, 0.00002);
        MarketOutcome off = run(calm, 0), on = run(calm, 0.5);
        assertThat(on.panicSellUsd()).isLessThan(0.8 * off.panicSellUsd());
        assertThat(on.drawdownPct()).isLessThanOrEqualTo(off.drawdownPct());
    }

    @Test
    void neutralFunding_changesNothing_whateverChi() {
        // the last week at the baseline: z = 0 (to rounding), so the run is the same with χ at the top of its range
        double[] neutral = funding(0.0003, 0.0001);
        MarketOutcome off = run(neutral, 0), on = run(neutral, 1);
        assertThat(on.drawdownPct()).isCloseTo(off.drawdownPct(), offset(1e-6));
        assertThat(on.panicSellUsd()).isCloseTo(off.panicSellUsd(), offset(1e-3 * off.panicSellUsd() + 1));
        assertThat(on.liquidatedUsd()).isCloseTo(off.liquidatedUsd(), offset(1e-3 * off.liquidatedUsd() + 1));
    }

    @Test
    void chiZero_isTheBundledModel_bitForBit() {
        // χ = 0 (every bundled fit) takes the flow as the behaviour gives it, whatever the funding
        double[] crowded = funding(0.0001, 0.0004);
        Behaviour b = Behaviour.defaults();
        MarketSpec m = new EventModel(TestMarkets.TIERS).prepare(event(crowded), b).scenario().markets().get(0);
        assertThat(m.flow()).isEqualTo(b.flow());
    }

    @Property(tries = 200)
    void multiplier_isBounded_andRisesWithTheLastWeeksFunding(@ForAll @DoubleRange(min = -0.002, max = 0.002) @Scale(7) double f,
                                                             @ForAll @DoubleRange(min = 0, max = 0.001) @Scale(7) double df,
                                                             @ForAll @DoubleRange(min = 0, max = 1) double chi) {
        double lo = EventModel.carryPanicMultiplier(funding(0.0001, f), chi);
        double hi = EventModel.carryPanicMultiplier(funding(0.0001, f + df), chi);
        assertThat(lo).isBetween(Math.exp(-chi) - 1e-12, Math.exp(3 * chi) + 1e-12);
        assertThat(hi).isGreaterThanOrEqualTo(lo - 1e-12);
    }
}
