package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The venue's minimum notional in calc, size and check; an entry far from the current mark warned by check. */
class MinimumsAndMarkTest {
    @TempDir
    Path dir;

    @Test
    void test_calc_belowTheMinimumNotional_isOneLineExit2_namingTheSmallestQty() {
        CliRun r = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.001", "--leverage", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .contains("qty: 0.001 × 60,000 = 60 is below the minimum notional 100 of BTCUSDT (smallest qty at this price: 0.002)");
        CliRun n = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--notional", "50", "--leverage", "10");
        assertThat(n.code()).isEqualTo(2);
        assertThat(n.err()).contains("notional: 50 is below the minimum notional 100 of BTCUSDT");
        assertThat(CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.002", "--leverage", "10").code()).isZero();
    }

    @Test
    void test_size_belowTheMinimum_isFlaggedWithTheExchangesMinimum() throws Exception {
        CliRun r = CliRun.of("size", "--symbol", "BTCUSDT", "--side", "long", "--equity", "1000", "--risk-amount", "2.5", "--entry", "60000",
                "--stop", "58000", "--leverage", "5", "--json");
        JsonNode j = r.json();
        JsonNode min = null;
        for (JsonNode c : j.get("checks")) {
            if (c.get("id").asText().equals("minimums")) {
                min = c;
            }
        }
        assertThat(min).as(r.out()).isNotNull();
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(min.get("passed").asBoolean()).isFalse();
        assertThat(min.get("message").asText()).contains("below BTCUSDT's minimum order (qty 0.001, notional 100 USDT)")
                .contains("the smallest accepted qty, 0.002, loses 4.23 USDT at the stop");
    }

    @Test
    void test_size_thatTheVenueWouldRefuse_exits1_withBelowMinimum_andAPlaceableSizeExits0() throws Exception {
        // 0.001 BTC at 60,000 is 60 USDT, below BTCUSDT's 100 USDT minimum notional: a trader cannot place it
        CliRun r = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "1000", "--risk-amount", "2.5", "--entry", "60000",
                "--stop", "58000", "--leverage", "5", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        assertThat(r.json().get("belowMinimum").asBoolean()).isTrue();
        assertThat(r.json().get("qty").asDouble()).isEqualTo(0.001);
        CliRun text = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "1000", "--risk-amount", "2.5", "--entry", "60000",
                "--stop", "58000", "--leverage", "5");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("cannot be placed: below BTCUSDT's minimum order");
        // a budget that buys less than one step: nothing to place either
        CliRun zero = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "100", "--risk-pct", "1", "--entry", "60000",
                "--stop", "58400", "--leverage", "10", "--json");
        assertThat(zero.code()).isEqualTo(1);
        assertThat(zero.json().get("belowMinimum").asBoolean()).isTrue();
        // Trader B is placeable; Trader A's 50x is placeable too (liquidated before the stop: ok false, exit 0, read ok)
        CliRun b = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "10", "--json");
        assertThat(b.code()).isZero();
        assertThat(b.json().get("belowMinimum").asBoolean()).isFalse();
        CliRun a = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "50", "--json");
        assertThat(a.code()).isZero();
        assertThat(a.json().get("ok").asBoolean()).isFalse();
        assertThat(a.json().get("belowMinimum").asBoolean()).isFalse();
    }

    @Test
    void test_check_entryDistanceThreshold_isAnOption_andAPolicyField() throws Exception {
        Path plan = dir.resolve("p.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
                + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}");
        // 5 % from the mark: inside the default 10 %, outside a 3 % threshold
        JsonNode def = rule(CliRun.of("check", "--plan", plan.toString(), "--mark", "63000", "--json").json().get("rules"), "entry");
        assertThat(def.get("verdict").asText()).isEqualTo("pass");
        assertThat(def.get("values").get("maxDistancePct").asDouble()).isEqualTo(10);
        CliRun tight = CliRun.of("check", "--plan", plan.toString(), "--mark", "63000", "--max-entry-distance-pct", "3", "--json");
        JsonNode e = rule(tight.json().get("rules"), "entry");
        assertThat(e.get("reason").asText()).isEqualTo("entry_far_from_mark");
        assertThat(e.get("values").get("maxDistancePct").asDouble()).isEqualTo(3);
        assertThat(e.get("message").asText()).contains("more than 3 % away");
        Path pol = dir.resolve("pol.json");
        Files.writeString(pol, "{\"maxEntryDistancePct\": 3}");
        assertThat(rule(CliRun.of("check", "--plan", plan.toString(), "--mark", "63000", "--policy", pol.toString(), "--json").json()
                .get("rules"), "entry").get("reason").asText()).isEqualTo("entry_far_from_mark");
        CliRun bad = CliRun.of("check", "--plan", plan.toString(), "--max-entry-distance-pct", "-1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").startsWith("error: max-entry-distance-pct: -1 is outside");
    }

    @Test
    void test_check_tinyQty_failsSizeWithAReasonCode_andAnEntryFarFromTheMarkIsWarned() throws Exception {
        Path plan = dir.resolve("p.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
                + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"qty\":0.001}");
        CliRun r = CliRun.of("check", "--plan", plan.toString(), "--mark", "6000", "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode rules = r.json().get("rules");
        assertThat(rule(rules, "size").get("reason").asText()).isEqualTo("size_below_minimum");
        assertThat(rule(rules, "size").get("verdict").asText()).isEqualTo("fail");
        assertThat(rule(rules, "entry").get("reason").asText()).isEqualTo("entry_far_from_mark");
        assertThat(rule(rules, "entry").get("message").asText()).startsWith("entry 60,000 is 900 % above the current price 6,000");
        CliRun bad = CliRun.of("check", "--plan", plan.toString(), "--mark", "-1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("mark").doesNotContain("Exception");
    }

    private static JsonNode rule(JsonNode rules, String id) {
        for (JsonNode r : rules) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + rules);
    }
}
