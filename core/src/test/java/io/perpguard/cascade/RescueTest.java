package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endangered positions are defended before the mark reaches them: a slow fall gives traders hours and liquidates far
 * less than without defence; a flash fall of the same size gives them minutes.
 */
class RescueTest {
    private static MarketOutcome run(double minutes, double rescuePerHour) {
        MarketState s = StateLadderTest.state(90_000, 100_000, 7e9, 10e9, new double[0]);
        LiquidationLadder lad = StateLadder.build(s, 100_000, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1).ladder();
        LadderSpec spec = new LadderSpec(10e9, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 3, rescuePerHour);
        MarketSpec m = new MarketSpec("BTCUSDT", 100_000, spec, DepthModel.staticBook(1e9, 0.78), EngineSpec.frictionless(), flow,
                List.of(new ShockLeg(1, minutes, 0, -8)), List.of(), lad);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("rescue", m, minutes + 30, 5, 1)).markets().get(0);
    }

    @Test
    void slowFall_liquidatesFarLessWithDefence_flashFallBarely() {
        MarketOutcome slowNone = run(24 * 60, 0), slowDefended = run(24 * 60, 1);
        MarketOutcome flashNone = run(10, 0), flashDefended = run(10, 1);
        assertThat(slowNone.liquidatedUsd()).isGreaterThan(0);
        assertThat(slowDefended.liquidatedUsd()).isLessThan(0.3 * slowNone.liquidatedUsd());
        assertThat(slowDefended.voluntaryClosedUsd()).isGreaterThan(0);
        assertThat(flashDefended.liquidatedUsd()).isGreaterThan(0.7 * flashNone.liquidatedUsd());
    }
}
