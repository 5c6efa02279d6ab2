package io.perpguard.data.strict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.sim.PolicyFile;
import io.perpguard.sim.Policy;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files a person writes — cascade scenarios (cascade --scenario FILE) and simulate policies (simulate --policy FILE) — take
 * numbers as JSON numbers and counts as whole numbers, as account and plan files do: a quoted figure was read, and a
 * ladder of 2.5 positions or a seed of 1.5 was cut to 2 and 1 without a word.
 */
class ScenarioAndPolicyNumbersTest {
    static ObjectNode oct2025() throws Exception {
        try (InputStream in = ScenarioFile.class.getResourceAsStream("/io/perpguard/data/cascade/oct-2025.json")) {
            return (ObjectNode) JsonInput.parse("scenario", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static ObjectNode ladder(ObjectNode s) {
        return (ObjectNode) s.get("markets").get(0).get("ladder");
    }

    @Test
    void test_scenario_fractionalCountOrSeed_isRefused_notCut() throws Exception {
        ObjectNode s = oct2025();
        ladder(s).put("positions", 2.5);
        assertThatThrownBy(() -> ScenarioFile.parse(s)).isInstanceOf(InvalidInputException.class)
                .hasMessage("markets[0].ladder.positions: 2.5 is not a whole number");
        ladder(s).put("positions", 1e12);
        assertThatThrownBy(() -> ScenarioFile.parse(s)).hasMessage("markets[0].ladder.positions: 1,000,000,000,000 is too large (at most 5,000,000)");
        ObjectNode t = oct2025();
        t.put("seed", 1.5);
        assertThatThrownBy(() -> ScenarioFile.parse(t)).hasMessage("seed: 1.5 is not a whole number");
        t.put("seed", 7);
        assertThat(ScenarioFile.parse(t).seed()).isEqualTo(7L);
    }

    @Test
    void test_scenario_quotedNumber_isRefusedNamingTheField() throws Exception {
        ObjectNode s = oct2025();
        s.put("horizonMinutes", "600");
        assertThatThrownBy(() -> ScenarioFile.parse(s)).hasMessage("horizonMinutes: \"600\" is a string; write the number without quotes");
    }

    @Test
    void test_simulatePolicy_quotedOrFractional_isRefused() {
        JsonNode quoted = JsonInput.parse("policy", "{\"type\":\"b\",\"riskPct\":\"2\"}");
        assertThatThrownBy(() -> PolicyFile.parse(quoted, "policy")).isInstanceOf(InvalidInputException.class)
                .hasMessage("policy.riskPct: \"2\" is a string; write the number without quotes");
        JsonNode fractional = JsonInput.parse("policy", "{\"type\":\"b\",\"maxBars\":2.5}");
        assertThatThrownBy(() -> PolicyFile.parse(fractional, "policy")).hasMessage("policy.maxBars: 2.5 is not a whole number");
        Policy ok = PolicyFile.parse(JsonInput.parse("policy", "{\"type\":\"b\",\"riskPct\":2,\"maxBars\":48}"), "policy");
        assertThat(((Policy.RiskPerTrade) ok).maxBars()).isEqualTo(48);
    }
}
