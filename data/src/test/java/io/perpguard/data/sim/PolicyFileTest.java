package io.perpguard.data.sim;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;
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

    @Test
    void test_parse_side_shortOrLong_longWhenLeftOut() {
        assertThat(parse("{\"type\": \"all-in\", \"leverage\": 20, \"side\": \"short\"}")).isEqualTo(new Policy.AllIn(20, Side.SHORT));
        assertThat(parse("{\"type\": \"risk\", \"side\": \"SHORT\"}")).isEqualTo(Policy.traderB().withSide(Side.SHORT));
        assertThat(parse("{\"type\": \"risk\", \"side\": \"long\"}").side()).isEqualTo(Side.LONG);
        assertThat(parse("{\"type\": \"risk\"}").side()).isEqualTo(Side.LONG);
    }

    @Test
    void test_parse_badSide_isRefusedByName() {
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"side\": \"shrot\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("policy.side: 'shrot' is not a side; use long or short");
        assertThatThrownBy(() -> parse("{\"type\": \"all-in\", \"side\": -1}")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("policy.side:");
    }

    /**
     * A figure the policy refuses is named by its place in the file with the policy's own range: "leverage: 200 ..." read as
     * the --leverage option, and 1e12 bars said "at most 2,147,483,647" where the policy takes 1,000,000.
     */
    @Test
    void test_parse_outOfRangeFigures_namedInTheFile_withThePolicysRange() {
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"leverage\": 200}"))
                .hasMessage("policy.leverage: 200 is outside the allowed range 1 to 125");
        assertThatThrownBy(() -> parse("{\"type\": \"all-in\", \"leverage\": 0.5}"))
                .hasMessage("policy.leverage: 0.5 is outside the allowed range 1 to 125");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"riskPct\": 0}")).hasMessageStartingWith("policy.riskPct: 0 is outside");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"maxBars\": 1e12}"))
                .hasMessage("policy.maxBars: 1,000,000,000,000 is outside the allowed range 1 to 1,000,000");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"maxBars\": 0}"))
                .hasMessage("policy.maxBars: 0 is outside the allowed range 1 to 1,000,000");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"atrPeriod\": 20000}"))
                .hasMessage("policy.atrPeriod: 20,000 is outside the allowed range 1 to 10,000");
        assertThatThrownBy(() -> parse("{\"type\": \"risk\", \"atrPeriod\": 2.5}")).hasMessage("policy.atrPeriod: 2.5 is not a whole number");
    }
}
