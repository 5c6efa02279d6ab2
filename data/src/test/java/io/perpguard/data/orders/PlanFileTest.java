package io.perpguard.data.orders;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;
import io.perpguard.orders.OrderPlan;
import io.perpguard.orders.StopType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanFileTest {
    static OrderPlan parse(String json) {
        return PlanFile.parse(JsonInput.parse("plan", json));
    }

    @Test
    void test_parse_minimalPlan_defaults25PctAt1RThenBreakeven() {
        OrderPlan p = parse("{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":\"market\",\"stop\":95,\"leverage\":5,\"equity\":1000,\"riskPct\":1}");
        assertThat(p.side()).isEqualTo(Side.LONG);
        assertThat(p.entries().levels().get(0).isMarket()).isTrue();
        assertThat(p.targets()).hasSize(1);
        assertThat(p.targets().get(0).r()).isEqualTo(1.0);
        assertThat(p.targets().get(0).closePct()).isEqualTo(25.0);
        assertThat(p.moveStopToBreakevenAfter()).isEqualTo(1);
        assertThat(p.stop().type()).isEqualTo(StopType.MARKET);
        assertThat(p.slippageBps()).isEqualTo(PlanFile.DEFAULT_SLIPPAGE_BPS);
        assertThat(p.entryTimeMs()).isZero();
    }

    @Test
    void test_parse_aCountTooLarge_isSaidSo_notCalledNotWhole() {
        // "timeStopBars": 1e12 was answered "1.0E12 is not a whole number"
        String base = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":\"market\",\"stop\":95,\"leverage\":5,\"equity\":1000,\"riskPct\":1,";
        assertThatThrownBy(() -> parse(base + "\"timeStopBars\":1e12}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("plan.timeStopBars: 1,000,000,000,000 is too large (at most 1,000,000,000)");
        assertThatThrownBy(() -> parse(base + "\"timeStopBars\":2.5}")).hasMessage("plan.timeStopBars: 2.5 is not a whole number");
    }

    @Test
    void test_parse_ladderStopLimitTrailing() {
        OrderPlan p = parse("""
                {"symbol":"BTCUSDT","side":"short","entryTime":"2023-06-20 05:00","entries":[{"price":101,"weight":2},{"price":103}],
                 "stop":106,"stopType":"stop-limit","limitOffset":0.5,"targets":[{"r":1,"closePct":50},{"price":90,"closePct":50}],
                 "trailing":{"atrMult":3},"timeStopBars":48,"leverage":3,"equity":5000,"qty":2}
                """);
        assertThat(p.entryTimeMs()).isEqualTo(Instant.parse("2023-06-20T05:00:00Z").toEpochMilli());
        assertThat(p.entries().share(0)).isEqualTo(2.0 / 3);
        assertThat(p.stop().type()).isEqualTo(StopType.LIMIT);
        assertThat(p.stop().limitPrice(Side.SHORT, 106)).isEqualTo(106.5);
        assertThat(p.trailing().atrPeriod()).isEqualTo(14);
        assertThat(p.trailing().afterTarget()).isEqualTo(1);
        assertThat(p.qty()).isEqualTo(2.0);
    }

    @Test
    void test_parse_stopOnWrongSide_namesTheField() {
        assertThatThrownBy(() -> parse("{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":100,\"stop\":101,\"leverage\":5,\"equity\":1000,\"riskPct\":1}"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("plan.stop: 101 must be below every entry");
    }

    @Test
    void test_parse_targetsOverHundredPercent_refused() {
        assertThatThrownBy(() -> parse("{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":100,\"stop\":95,\"leverage\":5,\"equity\":1000,"
                + "\"riskPct\":1,\"targets\":[{\"r\":1,\"closePct\":60},{\"r\":2,\"closePct\":60}]}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 100 %");
    }

    @Test
    void test_parse_quotedNumber_refusedNamingTheField() {
        String base = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"leverage\":5,\"equity\":1000,\"riskPct\":1,";
        assertThatThrownBy(() -> parse(base + "\"entry\":100,\"stop\":\"95\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("plan.stop: \"95\" is a string; write the number without quotes");
        assertThatThrownBy(() -> parse(base + "\"entry\":\"100\",\"stop\":95}"))
                .hasMessage("plan.entry: \"100\" is a string; write the number without quotes");
        assertThatThrownBy(() -> parse(base + "\"entries\":[{\"price\":100,\"weight\":\"2\"}],\"stop\":95}"))
                .hasMessage("plan.entries[0].weight: \"2\" is a string; write the number without quotes");
        assertThatThrownBy(() -> parse(base + "\"entry\":100,\"stop\":95,\"targets\":[{\"r\":\"2\",\"closePct\":50}]}"))
                .hasMessage("plan.targets[0].r: \"2\" is a string; write the number without quotes");
        // "market" is a word, not a quoted number
        assertThat(parse(base + "\"entry\":\"market\",\"stop\":95}").entries().levels().get(0).isMarket()).isTrue();
    }

    @Test
    void test_parse_everyFieldError_namesThePlanPath() {
        // riskPct was named bare ("riskPct: ...") while targets were "plan.targets[0].r"
        String base = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":100,\"stop\":95,\"leverage\":5,\"equity\":1000,";
        assertThatThrownBy(() -> parse(base + "\"riskPct\":-1}")).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("plan.riskPct: ");
        assertThatThrownBy(() -> parse(base + "\"riskPct\":1,\"targets\":[{\"r\":1,\"closePct\":60},{\"r\":2,\"closePct\":60}]}"))
                .hasMessageStartingWith("plan.targets");
    }
}
