package io.perpguard.app.explain;

import io.perpguard.orders.ReplayEvent;
import io.perpguard.sim.Policy;
import io.perpguard.sizing.Kelly;
import io.perpguard.sizing.KellyEstimate;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kelly's, the replay's and the Monte Carlo policies' codes from core, read as the docs show them. */
class CoreCodesTextTest {
    @Test
    void test_policies_readAsDocsSimShowsThem() {
        assertThat(PolicyText.rule(new Policy.AllIn(50))).isEqualTo(
                "all-in: whole equity as isolated margin at 50x, long from the first bar, no stop, held until liquidated or the horizon");
        assertThat(PolicyText.rule(new Policy.RiskPerTrade(2, 2, 14, 10, 2, 72, 1))).isEqualTo("risk 2% of equity per trade to a stop 2xATR(14) "
                + "below entry, isolated 10x, long whenever flat; exit at the stop, at 2R or after 72 bars; no trade unless the liquidation price "
                + "is at least 1xATR below the stop");
    }

    @Test
    void test_shortPolicies_sayShort_andPutTheStopAboveEntry() {
        assertThat(PolicyText.rule(new Policy.AllIn(20, io.perpguard.margin.Side.SHORT))).isEqualTo(
                "all-in: whole equity as isolated margin at 20x, short from the first bar, no stop, held until liquidated or the horizon");
        assertThat(PolicyText.rule(Policy.traderB().withSide(io.perpguard.margin.Side.SHORT))).isEqualTo("risk 2% of equity per trade to a stop "
                + "2xATR(14) above entry, isolated 10x, short whenever flat; exit at the stop, at 2R or after 72 bars; no trade unless the "
                + "liquidation price is at least 1xATR above the stop");
    }

    @Test
    void test_kelly_verdicts_andWarnings() {
        assertThat(KellyText.verdict(Kelly.evaluate(0.4, 1.2, 0.5, 0.02)))
                .isEqualTo("no edge — do not trade (f* = -0.1: a win rate of 0.4 with payoff 1.2 loses money on average)");
        assertThat(KellyText.verdict(Kelly.evaluate(0.55, 1.5, 0.5, 0.02))).isEqualTo("risk 2.00 % of equity per trade: the policy cap, below 0.5 Kelly (12.50 %)");
        assertThat(KellyText.verdict(Kelly.evaluate(0.55, 1.5, 0.25, 0.1))).isEqualTo("risk 6.25 % of equity per trade: 0.25 Kelly, within the policy cap 10.00 %");
        KellyEstimate allWins = Kelly.fromTrades(new double[]{10, 20, 30}, 0.5, 0.02, 100, 1);
        assertThat(KellyText.warnings(allWins)).containsExactly(
                "sample too small to trust: 3 trades give a 90% interval for f* of 1 to 1; about 30 trades would pin f* to ±0.05 (at least 30)",
                "no losing trades: the payoff ratio is undefined and f* equals the win rate; the record cannot be representative");
        KellyEstimate allLosses = Kelly.fromTrades(new double[]{-10, -20}, 0.5, 0.02, 100, 1);
        assertThat(KellyText.warnings(allLosses)).contains("no winning trades: no edge in this record");
        // two trades, one a loss: a quarter of the resamples have no win (f* = −∞), so the interval is unbounded below and
        // no trade count follows from its width — it said "about 30 trades would pin f* to ±0.05"
        KellyEstimate twoTrades = Kelly.fromTrades(new double[]{193.3, -105.95}, 0.5, 0.02, 10_000, 42);
        assertThat(twoTrades.interval90()[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(KellyText.warnings(twoTrades)).first().isEqualTo("sample too small to trust: 2 trades give a 90% interval for f* of −∞ to 1; "
                + "an unbounded interval cannot tell how many trades would pin f* to ±0.05: at least 30");
    }

    @Test
    void test_replay_everyNoteAndWarning_isASentenceWithItsFigures() {
        Map<String, Object> v = new HashMap<>();
        for (String k : new String[]{"qty", "averageEntry", "liquidationPrice", "limit", "triggeredAt", "stop", "trailingStop", "atrMultiple",
                "bestPrice", "oneRPrice", "margin", "payment", "rate", "stepSize", "close", "leverage", "price", "open", "distancePct", "maxDistancePct"}) {
            v.put(k, 1.25);
        }
        v.putAll(Map.of("rung", 2, "stopKind", "stop", "target", 1, "label", "1R", "bars", 3, "count", 2, "firstMs", 0L, "lastMs", 0L, "timeMs", 0L));
        for (ReplayEvent.Note n : ReplayEvent.Note.values()) {
            String s = ReplayText.note(new ReplayEvent(0, 0, "entry", 1, 1, n, v), 1);
            assertThat(s).as(n.name()).isNotBlank().doesNotContain("null").doesNotContain("NaN");
        }
        for (ReplayEvent.Warning.Code c : ReplayEvent.Warning.Code.values()) {
            assertThat(ReplayText.warning(new ReplayEvent.Warning(c, v), 1)).as(c.name()).isNotBlank().doesNotContain("null").doesNotContain("NaN");
        }
        // figures at the tick's decimals, half-even; a quantity as it is
        Map<String, Object> unfilled = Map.of("timeMs", Instant.parse("2023-01-01T02:00:00Z").toEpochMilli(), "triggeredAt", 93.0, "stop", 95.0,
                "limit", 94.0, "qty", 1.0, "liquidationPrice", 86.43172690763052);
        assertThat(ReplayText.warning(new ReplayEvent.Warning(ReplayEvent.Warning.Code.STOP_LIMIT_UNFILLED, unfilled), 1)).isEqualTo(
                "2023-01-01T02:00:00Z: stop-limit triggered at 93 (stop 95) beyond its limit 94: NOT filled, position of 1 still open (liquidation 86.4)");
        assertThat(ReplayText.note(new ReplayEvent(0, 0, "funding", 100, 1, ReplayEvent.Note.FUNDING, Map.of("payment", -0.25, "rate", -1.0E-4)), 2))
                .isEqualTo("received 0.25 funding (rate -1.0E-4)");
        assertThat(ReplayText.note(new ReplayEvent(0, 0, "funding", 27837.2, 0.149, ReplayEvent.Note.FUNDING,
                Map.of("payment", 0.149 * 27837.2 * 2.8e-7, "rate", 2.8e-7)), 1)).isEqualTo("paid 0.0012 funding (rate 2.8E-7)");
    }
}
