package io.perpguard.data.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanJsonTest {
    private static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":%s,\"stop\":%s,\"stopMethod\":\"structure\","
            + "\"targets\":[%s],\"leverage\":5,\"equity\":1000,\"riskPct\":1,\"closes\":[%s]}";

    private static JsonNode plan(String entry, String stop, String target, String close) {
        return JsonInput.parse("plan", PLAN.formatted(entry, stop, target, close));
    }

    @Test
    void test_planFile_quotedNumber_refusedNamingTheField() {
        assertThatThrownBy(() -> PlanJson.plan(plan("\"100\"", "95", "110", "100"), "")).isInstanceOf(InvalidInputException.class)
                .hasMessage("entryPrice: \"100\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.plan(plan("100", "\"95\"", "110", "100"), ""))
                .hasMessage("stop: \"95\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.plan(plan("100", "95", "\"110\"", "100"), ""))
                .hasMessage("targets[0]: \"110\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.market(plan("100", "95", "110", "\"100\""), ""))
                .hasMessage("closes[0]: \"100\" is a string; write the number without quotes");
    }

    @Test
    void test_planFile_numbers_read() {
        assertThat(PlanJson.plan(plan("100", "95", "110", "100"), "").entry()).isEqualTo(100.0);
        assertThat(PlanJson.market(plan("100", "95", "110", "100"), "").close()[0]).isEqualTo(100.0);
    }

    @Test
    void test_apiBody_quotedNumbers_refusedNamingThePath() {
        // the desk's /api/check reads a plan with a prefix: one reader, so a quoted figure is refused there as in a file
        assertThatThrownBy(() -> PlanJson.plan(plan("\"100\"", "95", "110", "100"), "plan."))
                .hasMessage("plan.entryPrice: \"100\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.plan(plan("100", "95", "\"110\"", "100"), "plan."))
                .hasMessage("plan.targets[0]: \"110\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.market(plan("100", "95", "110", "\"100\""), "plan."))
                .hasMessage("plan.closes[0]: \"100\" is a string; write the number without quotes");
    }

    @Test
    void test_policy_quotedNumber_refusedNamingTheField() {
        assertThatThrownBy(() -> PlanJson.policy(JsonInput.parse("policy", "{\"maxLeverage\":\"20\"}"), ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxLeverage: \"20\" is a string; write the number without quotes");
        assertThatThrownBy(() -> PlanJson.policy(JsonInput.parse("policy", "{\"trendFast\":\"20\"}"), "policy."))
                .hasMessage("policy.trendFast: \"20\" is a string; write the number without quotes");
        assertThat(PlanJson.policy(JsonInput.parse("policy", "{\"maxLeverage\":15}"), "").maxLeverage()).isEqualTo(15.0);
    }

    @Test
    void test_policyTrendLengths_outOfRangeOrFractional_saySo_andAMarkIsShownAsGiven() {
        // "trendSlow: 1.0E9 must be a whole number" before: it is one, and too large
        assertThatThrownBy(() -> PlanJson.policy(JsonInput.parse("policy", "{\"trendSlow\":1e9}"), ""))
                .hasMessage("trendSlow: 1,000,000,000 is too large (at most 1,000)");
        assertThatThrownBy(() -> PlanJson.policy(JsonInput.parse("policy", "{\"trendFast\":2.5}"), ""))
                .hasMessage("trendFast: 2.5 is not a whole number");
        // "markPrice: -1.0 is not a positive price"
        assertThatThrownBy(() -> PlanJson.market(JsonInput.parse("plan", "{\"markPrice\":-1}"), ""))
                .hasMessage("markPrice: -1 is not a positive price");
    }

    private static JsonNode bars(String closes, String highs, String lows) {
        return JsonInput.parse("plan", "{\"closes\":[" + closes + "]" + (highs == null ? "" : ",\"highs\":[" + highs + "]")
                + (lows == null ? "" : ",\"lows\":[" + lows + "]") + "}");
    }

    @Test
    void test_barsGivenWithAPlan_areHeldToTheRangeOfAReadCandle() {
        // highs of -5 and lows of 0 beside closes of 60,000 priced an ATR of ~60,000 ("stop 0.03 ATR from entry"), exit 0
        assertThatThrownBy(() -> PlanJson.market(bars("60000,60010", "-5,-5", "0,0"), "")).isInstanceOf(InvalidInputException.class)
                .hasMessage("highs[0]: -5 is not a positive price");
        assertThatThrownBy(() -> PlanJson.market(bars("60000,60010", "60050,60060", "0,0"), ""))
                .hasMessage("lows[0]: 0 is not a positive price");
        // lows above the highs (the two arrays swapped)
        assertThatThrownBy(() -> PlanJson.market(bars("60000,60010", "60050,59950", "59950,60060"), "plan."))
                .hasMessage("plan.highs[1]: high 59,950 / low 60,060 do not contain the close 60,010 (closes[1])");
        // highs and lows without closes were dropped without a word
        assertThatThrownBy(() -> PlanJson.market(JsonInput.parse("plan", "{\"highs\":[1],\"lows\":[1]}"), ""))
                .hasMessage("highs: highs and lows must both be given, as many as closes");
        assertThat(PlanJson.market(bars("60000,60010", "60050,60060", "59950,59960"), "").lastAtr(1)).isEqualTo(100.0);
    }
}
