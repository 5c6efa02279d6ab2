package io.perpguard.data.sim;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.sim.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileTest {
    static Policy parse(String json) {
        return PolicyFile.parse(JsonInput.parse("policy", json), "policy");
    }

    @Test
    void test_parse_riskPolicy_missingFieldsTakeTraderBDefaults() {
        Policy p = parse("{\"type\": \"risk\", \"riskPct\": 1, \"leverage\": 5}");
        assertThat(p).isEqualTo(new Policy.RiskPerTrade(1, 2, 14, 5, 2, 72, 1));
    }

    @Test
    void test_parse_allIn() {
        assertThat(parse("{\"type\": \"all-in\", \"leverage\": 20}")).isEqualTo(new Policy.AllIn(20));
    }

    @Test
    void test_parse_unknownFieldOrType_isRefusedByName() {
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"riskPc\": 1}")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("policy.riskPc:");
        assertThatThrownBy(() -> parse("{\"type\": \"martingale\"}")).hasMessageStartingWith("policy.type:");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"atrPeriod\": 2.5}")).hasMessageStartingWith("policy.atrPeriod:");
    }
}
