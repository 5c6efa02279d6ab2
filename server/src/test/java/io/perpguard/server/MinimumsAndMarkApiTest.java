package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API refuses an order below the venue's minimum notional (400, one line); /api/check warns an entry far from the mark. */
class MinimumsAndMarkApiTest {
    static TestDesk desk;

    @BeforeAll
    static void start() {
        desk = TestDesk.inMemory();
    }

    @AfterAll
    static void stop() {
        desk.close();
    }

    @Test
    void test_calc_belowTheMinimumNotional_is400NamingQty() {
        TestDesk.Response r = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.001,\"leverage\":20}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("qty");
        assertThat(r.json().get("error").asText()).contains("below the minimum notional 100 of BTCUSDT (smallest qty at this price: 0.002)");
        TestDesk.Response n = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"notional\":99,\"leverage\":20}");
        assertThat(n.status()).isEqualTo(400);
        assertThat(n.json().get("field").asText()).isEqualTo("notional");
    }

    @Test
    void test_check_entryFarFromTheGivenMark_isWarned_andATinyQtyFailsSize() {
        String plan = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
                + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,"
                + "\"qty\":0.001,\"markPrice\":600000}";
        TestDesk.Response r = desk.post("/api/check", plan);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode entry = rule(r.json(), "entry"), size = rule(r.json(), "size");
        assertThat(entry.get("verdict").asText()).isEqualTo("warn");
        assertThat(entry.get("reason").asText()).isEqualTo("entry_far_from_mark");
        assertThat(entry.get("message").asText()).contains("90 % below the current price 600,000");
        assertThat(size.get("reason").asText()).isEqualTo("size_below_minimum");
        assertThat(r.json().get("verdict").asText()).isEqualTo("fail");
        // without a mark in the plan the desk compares with its own current mark (the replayed BTCUSDT mark)
        TestDesk.Response desks = desk.post("/api/check", plan.replace(",\"markPrice\":600000", ""));
        assertThat(rule(desks.json(), "entry").get("reason").asText()).isIn("ENTRY_NEAR_MARK", "entry_far_from_mark");
        assertThat(rule(desks.json(), "entry").get("values").get("markPrice").isNumber()).isTrue();
        TestDesk.Response bad = desk.post("/api/check", plan.replace("\"markPrice\":600000", "\"markPrice\":-5"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("markPrice");
        TestDesk.Response typo = desk.post("/api/check", plan.replace("\"markPrice\":600000", "\"markPrise\":5"));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").asText()).contains("did you mean 'markPrice'?");
        // a plan written before the rename says "mark": still read, the same answer
        TestDesk.Response old = desk.post("/api/check", plan.replace("\"markPrice\"", "\"mark\""));
        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.json().get("rules")).isEqualTo(r.json().get("rules"));
        assertThat(desk.post("/api/check", plan.replace("}", ",\"mark\":5}")).json().get("error").asText()).contains("markPrice only");
    }

    private static JsonNode rule(JsonNode check, String id) {
        for (JsonNode r : check.get("rules")) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + check);
    }
}
