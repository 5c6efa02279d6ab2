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
 * Carry-scaled price impact (variant V, off by default): each market's index impact share φ_m = min(0.95, φ·e^(χ·z)), z
 * its funding crowding over the week before the event (EventModel.carryImpactShare; docs/cascade-rounds.md#carry-impact).
 */
class CarryImpactTest {
    private static final double P = 100_000;

    /** 90 settlements (30 days): 69 at the baseline, then the last week's 21 at {@code lastWeek}. */
    private static double[] funding(double lastWeek) {
        double[] f = new double[90];
        Arrays.fill(f, 0, 69, EventModel.BASE_FUNDING);
        Arrays.fill(f, 69, 90, lastWeek);
        return f;
    }

    private static CascadeEvent.Market market(String symbol, double[] funding) {
        MarketState s = StateLadderTest.state(85_000, P, 6e9, 10e9, funding);
        return new CascadeEvent.Market(symbol, P, "BTCUSDT", 10_000, 0.78, s, new EngineSpec(0, false, 1e9, true, 60, false), List.of());
    }

    private static CascadeEvent event(CascadeEvent.Market... m) {
        return new CascadeEvent("carry", "crash", "test", 0, 90, 1, 1, List.of(m), List.of(new ShockLeg(5, 10, 0, -3)),
                List.of(), List.of(), null);
    }

    private static Behaviour behaviour(double chi) {
        // crowding of the ladder off and panic selling at its floor, so funding reaches the run only through φ_m
        return Behaviour.defaults().with(Behaviour.CROWDING, 0).with(Behaviour.INDEX_IMPACT, 0.1)
                .with(Behaviour.PANIC_SELL, 0.05).with(Behaviour.CARRY_IMPACT, chi);
    }

    private static MarketOutcome run(double[] funding, double chi) {
        return new EventModel(TestMarkets.TIERS).run(event(market("BTCUSDT", funding)), behaviour(chi)).markets().get(0);
    }

    @Test
    void share_isPhiTimesExpChiZ_cappedAtTheTopOfPhisRange() {
        // z = 2 (the last week at 0.03 %)
        assertThat(EventModel.carryImpactShare(0.3, funding(0.0003), 0.5)).isCloseTo(0.3 * Math.exp(1), offset(1e-12));
        assertThat(EventModel.carryImpactShare(0.5, funding(0.0003), 0.5)).isEqualTo(0.95);
        // below the baseline: thicker book per dollar (z = −1 at zero funding)
        assertThat(EventModel.carryImpactShare(0.3, funding(0), 0.5)).isCloseTo(0.3 * Math.exp(-0.5), offset(1e-12));
        assertThat(EventModel.carryImpactShare(0.3, funding(0.0003), 0)).isEqualTo(0.3);
        assertThat(EventModel.carryImpactShare(0.3, new double[0], 1)).isEqualTo(0.3);
    }

    @Test
    void crowdedCarry_sameTrigger_fallsFurther_andIdenticalWithChiZero() {
        double[] crowded = funding(0.00015), neutral = funding(EventModel.BASE_FUNDING);
        MarketOutcome crowdedOff = run(crowded, 0), neutralOff = run(neutral, 0), crowdedOn = run(crowded, 0.5);
        // χ = 0: funding does not reach the run at all (ladder crowding off), the two markets are the same run
        assertThat(crowdedOff.drawdownPct()).isEqualTo(neutralOff.drawdownPct());
        assertThat(crowdedOff.liquidatedUsd()).isEqualTo(neutralOff.liquidatedUsd());
        // χ > 0: the crowded market's index moves further per dollar of forced flow
        assertThat(crowdedOn.drawdownPct()).isGreaterThan(crowdedOff.drawdownPct() + 0.3);
        assertThat(crowdedOn.liquidatedUsd()).isGreaterThan(crowdedOff.liquidatedUsd());
    }

    @Test
    void carryBelowTheBaseline_thickerBookPerDollar() {
        // on this small ladder the fall is not monotone in φ below its run-away (4.4 % at 0.1, 4.7 % at 0.09), so the spec is checked
        MarketSpec m = new EventModel(TestMarkets.TIERS).prepare(event(market("BTCUSDT", funding(0))), behaviour(0.5)).scenario().markets().get(0);
        assertThat(m.depth().indexImpactShare()).isCloseTo(0.1 * Math.exp(-0.5), offset(1e-12));
    }

    @Test
    void chiZero_isTheBundledModel_bitForBit() {
        Behaviour b = Behaviour.defaults();
        MarketSpec m = new EventModel(TestMarkets.TIERS).prepare(event(market("BTCUSDT", funding(0.0004))), b).scenario().markets().get(0);
        assertThat(m.depth()).isEqualTo(b.depth(m.depth().bidDepth1PctUsd(), 0.78, m.depth().indexBeta()));
    }

    @Test
    void crowdedMarketsFlow_movesTheCommonFactor_withItsOwnPhi() {
        // two coupled markets, the second at the baseline (z = 0, its own φ unchanged): it falls further only through the
        // common factor, which the crowded first market's flow moves with that market's larger φ
        Behaviour off = behaviour(0).with(Behaviour.COMMON_SHARE, 0.5), on = behaviour(0.5).with(Behaviour.COMMON_SHARE, 0.5);
        CascadeEvent e = event(market("BTCUSDT", funding(0.00015)), market("ETHUSDT", funding(EventModel.BASE_FUNDING)));
        EventModel model = new EventModel(TestMarkets.TIERS);
        assertThat(model.prepare(e, on).scenario().markets().get(1).depth().indexImpactShare()).isCloseTo(0.1, offset(1e-12));
        double neutralOff = model.run(e, off).markets().get(1).drawdownPct(), neutralOn = model.run(e, on).markets().get(1).drawdownPct();
        assertThat(neutralOn).isGreaterThan(neutralOff);
    }

    @Property(tries = 200)
    void share_isBounded_andRisesWithTheLastWeeksFunding(@ForAll @DoubleRange(min = -0.002, max = 0.002) @Scale(7) double f,
                                                         @ForAll @DoubleRange(min = 0, max = 0.001) @Scale(7) double df,
                                                         @ForAll @DoubleRange(min = 0.01, max = 0.95) double phi,
                                                         @ForAll @DoubleRange(min = 0, max = 0.5) double chi) {
        double lo = EventModel.carryImpactShare(phi, funding(f), chi), hi = EventModel.carryImpactShare(phi, funding(f + df), chi);
        assertThat(lo).isBetween(phi * Math.exp(-chi) - 1e-12, 0.95);
        assertThat(hi).isGreaterThanOrEqualTo(lo - 1e-12);
    }
}
