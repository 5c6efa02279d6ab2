package io.perpguard.cascade;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Liquidity at the event's hour (Behaviour eventHourDepthExponent γ, {@code --event-hour-depth}): calm depth at each simulated
 * minute is D₁ · (V̄(4-h UTC slot, weekend/weekday) / V̄)^γ from the market's own look-back bars. γ = 0 is the model
 * without it; a weekend-night slot of a window whose weekend nights traded little gives a thinner book and a deeper fall
 * on the same trigger than a busy weekday slot.
 */
class EventHourDepthTest {
    private static final double P = 100_000;
    private static final long H = 3_600_000L;

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static MarketState bars(long[] t, double[] vol) {
        double[] c = new double[t.length];
        java.util.Arrays.fill(c, P);
        return new MarketState(720, t, c, c, c, vol, new long[0], new double[0], new double[0], Double.NaN, 10e9, Double.NaN,
                Double.NaN, Double.NaN);
    }

    @Test
    void profile_isTheMeanVolumeOfTheWindowsBarsPerSlotAndDayClass_overTheMeanOfAll_handChecked() {
        // 1 Jan 2024 is a Monday; 6 and 7 Jan a Saturday and a Sunday. The November bar is outside the 720-h window.
        long[] t = {at("2023-11-01T00:00:00Z"), at("2024-01-01T00:00:00Z"), at("2024-01-01T04:00:00Z"), at("2024-01-02T00:00:00Z"),
                at("2024-01-03T08:00:00Z"), at("2024-01-06T04:00:00Z"), at("2024-01-07T04:00:00Z")};
        double[] v = {1e9, 100, 300, 200, 0, 50, 150};
        EventHourDepth p = EventHourDepth.ofWindow(bars(t, v));
        // window: the six bars from 1 Jan; the one without volume (3 Jan 08:00) counts nowhere; mean of the rest = 800 / 5 = 160
        assertThat(p.volumeRatio(at("2024-01-08T02:00:00Z"))).isCloseTo(150 / 160.0, offset(1e-12)); // weekday 00-04: (100 + 200) / 2
        assertThat(p.volumeRatio(at("2024-01-09T07:59:00Z"))).isCloseTo(300 / 160.0, offset(1e-12)); // weekday 04-08
        assertThat(p.volumeRatio(at("2024-01-13T05:30:00Z"))).isCloseTo(100 / 160.0, offset(1e-12)); // weekend 04-08: (50 + 150) / 2
        assertThat(p.volumeRatio(at("2024-01-03T09:00:00Z"))).isEqualTo(1); // weekday 08-12: no bar with volume
        assertThat(p.volumeRatio(at("2024-01-06T00:30:00Z"))).isEqualTo(1); // weekend 00-04: no bar
        assertThat(p.multiplier(at("2024-01-13T05:30:00Z"), 0.5)).isCloseTo(Math.sqrt(100 / 160.0), offset(1e-12));
        assertThat(p.multiplier(at("2024-01-13T05:30:00Z"), 0)).isEqualTo(1);
        assertThat(EventHourDepth.cell(at("2024-01-06T23:59:00Z"))).isEqualTo(EventHourDepth.SLOTS + 5);
        assertThat(EventHourDepth.cell(at("2024-01-08T00:00:00Z"))).isZero();
        // minute by minute across a slot boundary: Monday 03:58 → 04:02
        double[] m = p.byMinute(at("2024-01-08T03:58:00Z"), 4, 1);
        assertThat(m).containsExactly(150 / 160.0, 150 / 160.0, 300 / 160.0, 300 / 160.0);
        // with every bar included (from 0) the November bar would dominate: the window is what is read
        assertThat(EventHourDepth.of(bars(t, v), 0).volumeRatio(at("2024-01-08T02:00:00Z"))).isGreaterThan(1.9);
        // bars without volume: no profile
        assertThat(EventHourDepth.ofWindow(bars(t, new double[0]))).isNull();
    }

    @Test
    void gammaZero_givesTheKernelNoProfile_andAFlatProfileRunsBitForBitAsWithout() {
        MarketState s = weeklyProfile();
        assertThat(EventModel.depthByMinute(at("2024-01-06T04:00:00Z"), 90, s, Behaviour.defaults())).isNull();
        assertThat(Behaviour.defaults().get(Behaviour.EVENT_HOUR_DEPTH)).isZero();
        double[] ones = new double[90];
        java.util.Arrays.fill(ones, 1);
        MarketOutcome without = run(null), flat = run(ones);
        assertThat(flat.drawdownPct()).isEqualTo(without.drawdownPct());
        assertThat(flat.liquidatedUsd()).isEqualTo(without.liquidatedUsd());
        assertThat(flat.indexFeedbackPct()).isEqualTo(without.indexFeedbackPct());
    }

    /**
     * 30 days of 4-h bars from Monday 4 Dec 2023: weekday 12-20 UTC trades 2.5× the base volume, weekend 00-08 UTC 0.3×.
     */
    private static MarketState weeklyProfile() {
        int n = 180;
        long t0 = at("2023-12-04T00:00:00Z");
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = t0 + i * 4 * H;
            int cell = EventHourDepth.cell(t[i]);
            boolean weekend = cell >= EventHourDepth.SLOTS;
            int slot = cell % EventHourDepth.SLOTS;
            v[i] = 1e9 * (weekend && slot <= 1 ? 0.3 : !weekend && (slot == 3 || slot == 4) ? 2.5 : 1);
        }
        return bars(t, v);
    }

    private static MarketOutcome run(double[] depthByMinute) {
        double oi = 10e9, depth = 800e6;
        DepthModel d = new DepthModel(depth, depth, 0.78, 0.05, 1, 10, 600, 0.05 * depth, 60, 1800, 0.25, 0.5, 1, 0, 0, 0);
        MarketState crowded = StateLadderTest.state(85_000, P, 6e9, 10e9, new double[]{0.0004});
        LiquidationLadder lad = StateLadder.build(crowded, P, Behaviour.defaults(), TestMarkets.BTC, 10_000, 1).ladder();
        LadderSpec spec = new LadderSpec(oi, lad.size(), TestMarkets.LONG_MIX, TestMarkets.SHORT_MIX, 8, 10_000, "BTCUSDT", 0);
        FlowModel flow = new FlowModel(1, 0, 0, 0, 0, 0, 0, 0);
        MarketSpec m = new MarketSpec("BTCUSDT", P, spec, d, new EngineSpec(0, false, 1e9, true, 60), flow,
                List.of(new ShockLeg(5, 10, 0, -3)), List.of(), lad, depthByMinute);
        return new EventCascade(TestMarkets.TIERS).run(CascadeScenario.single("hour", m, 90, 1, 1)).markets().get(0);
    }

    @Test
    void aWeekendNight_thinsTheBook_andTheSameTriggerFallsFurtherThanInABusyWeekdayHour() {
        MarketState s = weeklyProfile();
        Behaviour b = Behaviour.defaults().with(Behaviour.EVENT_HOUR_DEPTH, 1);
        long saturdayNight = at("2024-01-06T04:00:00Z"), tuesdayAfternoon = at("2024-01-09T14:00:00Z");
        double[] night = EventModel.depthByMinute(saturdayNight, 90, s, b), busy = EventModel.depthByMinute(tuesdayAfternoon, 90, s, b);
        // 30 days from Monday 4 Dec: 8 weekend days (16 bars of 0.3), 22 weekdays (44 bars of 2.5), 120 bars of 1 (× 1e9)
        double mean = (16 * 0.3 + 44 * 2.5 + 120) / 180.0;
        assertThat(java.util.Arrays.stream(s.barQuoteUsd()).average().orElseThrow() / 1e9).isCloseTo(mean, offset(1e-12));
        assertThat(night[0]).isCloseTo(0.3 / mean, offset(1e-9));
        assertThat(busy[0]).isCloseTo(2.5 / mean, offset(1e-9));
        // the 90 minutes stay inside one slot: Saturday 04-08 and Tuesday 12-16
        assertThat(java.util.Arrays.stream(night).max().orElseThrow()).isLessThan(0.25);
        assertThat(java.util.Arrays.stream(busy).min().orElseThrow()).isGreaterThan(1.8);
        MarketOutcome thin = run(night), thick = run(busy), calm = run(null);
        assertThat(thin.drawdownPct()).isGreaterThan(calm.drawdownPct() + 0.5);
        assertThat(calm.drawdownPct()).isGreaterThan(thick.drawdownPct());
        assertThat(thin.liquidatedUsd()).isGreaterThan(thick.liquidatedUsd());
        // γ = ½ lies between
        double[] half = EventModel.depthByMinute(saturdayNight, 90, s, Behaviour.defaults().with(Behaviour.EVENT_HOUR_DEPTH, 0.5));
        assertThat(half[0]).isCloseTo(Math.sqrt(night[0]), offset(1e-12));
        MarketOutcome mid = run(half);
        assertThat(mid.drawdownPct()).isBetween(calm.drawdownPct(), thin.drawdownPct());
    }

    @Test
    void theVariantFitsGammaFromTheCentre_theBundledProcedureLeavesItOff() {
        BehaviourFit bundled = new BehaviourFit(TestMarkets.TIERS), variant = new BehaviourFit(TestMarkets.TIERS, 1, 0, false, true);
        assertThat(bundled.free()).doesNotContain(Behaviour.EVENT_HOUR_DEPTH);
        assertThat(variant.free()).contains(Behaviour.EVENT_HOUR_DEPTH).hasSize(bundled.free().length + 1);
        assertThat(bundled.startPoint().get(Behaviour.EVENT_HOUR_DEPTH)).isZero();
        assertThat(variant.startPoint().get(Behaviour.EVENT_HOUR_DEPTH)).isEqualTo(0.5);
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            if (i != Behaviour.EVENT_HOUR_DEPTH) {
                assertThat(variant.startPoint().get(i)).isEqualTo(bundled.startPoint().get(i));
            }
        }
    }
}
