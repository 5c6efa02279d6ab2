package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number too large for a double ({@code 1e999}) in any numeric field of any desk body is refused naming that field and
 * saying it is out of range — it echoed "entryPrice: Infinity is not a finite number" (the value Jackson read it as), a
 * word the trader never typed. So is one too small for a double to hold ({@code 1e-999}, {@code 4.9e-325}: read as 0 and
 * told "0 must be greater than 0", or stored as a wallet of 0; the subnormal {@code 1e-310}).
 */
final class DeskOutOfRangeNumbersTest {
    /** A valid body per POST endpoint, every numeric field present at least once. */
    static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20,"
                    + "\"marginMode\":\"cross\",\"markPrice\":60100,\"walletBalance\":10000}"),
            Map.entry("/api/tiers", "{\"symbol\":\"BTCUSDT\",\"leverage\":20,\"sizes\":[0.5,1]}"),
            Map.entry("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,"
                    + "\"leverage\":10,\"slippagePct\":0.1}"),
            Map.entry("/api/kelly", "{\"winRate\":0.55,\"payoff\":1.5}"),
            Map.entry("/api/funding", "{\"notional\":50000,\"leverage\":20,\"fundingRate\":0.001,\"markPrice\":60000}"),
            Map.entry("/api/recovery", "{\"drawdowns\":[10,20],\"paths\":200,\"trades\":50,\"winRate\":0.5,\"payoff\":2,\"riskPct\":1,"
                    + "\"ruinPct\":50,\"seed\":1}"),
            Map.entry("/api/stops", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000}"),
            Map.entry("/api/portfolio", "{\"account\":{\"walletBalance\":12000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\","
                    + "\"qty\":1,\"entryPrice\":60000,\"leverage\":10,\"marginMode\":\"cross\",\"markPrice\":60000,\"marginAdded\":0}]}}"),
            Map.entry("/api/subaccounts", "{\"accountId\":1,\"name\":\"big\",\"walletBalance\":1000}"),
            Map.entry("/api/check", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low\",\"entryPrice\":60000,"
                    + "\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2,"
                    + "\"markPrice\":60100}"),
            Map.entry("/api/positions", "{\"subAccountId\":1,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.1,\"entryPrice\":3000,"
                    + "\"leverage\":10,\"marginMode\":\"isolated\",\"markPrice\":3000,\"marginAdded\":0}"),
            Map.entry("/api/replay", "{\"speed\":2}"));

    @Test
    void test_1e999_inEveryNumericField_isOutOfRange_namingTheField_neverInfinity() {
        try (TestDesk d = TestDesk.inMemory()) {
            long sub = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"empty\",\"walletBalance\":100000}").json().get("id").asLong();
            int checked = 0;
            for (Map.Entry<String, String> e : BODIES.entrySet()) {
                String valid = e.getValue().replace("\"subAccountId\":1", "\"subAccountId\":" + sub);
                assertThat(d.post(e.getKey(), valid).status()).as("%s %s is valid", e.getKey(), valid).isBetween(200, 201);
                for (String field : numericFields(TestDesk.json(valid), "")) {
                    for (String huge : List.of("1e999", "-1e999", "1e-999", "-4.9e-325", "1e-310")) {
                        String body = withRaw(valid, field, huge);
                        TestDesk.Response r = d.post(e.getKey(), body);
                        assertThat(r.status()).as("%s %s", e.getKey(), body).isEqualTo(400);
                        String error = r.json().get("error").asText();
                        assertThat(r.json().get("field").asText()).as(body).endsWith(field.replaceFirst("^account\\.", ""));
                        assertThat(error).as(body).contains(huge.contains("e-") ? huge + " is out of range: closer to 0 than ±2.22507e-308"
                                : "out of range").doesNotContain("Infinity").doesNotContain("must be greater than 0").doesNotContain("\n");
                        checked++;
                    }
                }
            }
            assertThat(checked).as("fields checked").isGreaterThan(200);
            // the exact decimal reader (stored bodies) shows the number as written
            assertThat(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"x\",\"walletBalance\":1e999}").json().get("error").asText())
                    .isEqualTo("walletBalance: 1e999 is out of range: beyond ±1.79769e308, more than any field takes");
            assertThat(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"x\",\"walletBalance\":1e-999}").json().get("error").asText())
                    .isEqualTo("walletBalance: 1e-999 is out of range: closer to 0 than ±2.22507e-308, less than any field takes (write 0 for zero)");
            // the doubles reader (calculators) keeps such a number's digits too (it said the bound alone, and 0 for 1e-999)
            assertThat(d.post("/api/calc", BODIES.get("/api/calc").replace("\"entryPrice\":60000", "\"entryPrice\":1e999")).json()
                    .get("error").asText()).isEqualTo("entryPrice: 1e999 is out of range: beyond ±1.79769e308, more than any field takes");
            assertThat(d.post("/api/calc", BODIES.get("/api/calc").replace("\"entryPrice\":60000", "\"entryPrice\":1e-999")).json()
                    .get("error").asText()).isEqualTo("entryPrice: 1e-999 is out of range: closer to 0 than ±2.22507e-308, less than any "
                            + "field takes (write 0 for zero)");
            // zero is still zero, and an ordinary tiny number is read as itself
            assertThat(d.post("/api/calc", BODIES.get("/api/calc").replace("\"entryPrice\":60000", "\"entryPrice\":0e-999")).json()
                    .get("error").asText()).isEqualTo("entryPrice: 0 must be greater than 0");
        }
    }

    @Test
    void test_queryParameterOf1e999_isOutOfRange_asTyped() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.get("/api/journal?limit=1e999");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("limit: '1e999' is out of range: beyond ±1.79769e308, more than any field takes");
            TestDesk.Response tiny = d.get("/api/journal?offset=1e-999");
            assertThat(tiny.status()).isEqualTo(400);
            assertThat(tiny.json().get("error").asText())
                    .isEqualTo("offset: '1e-999' is out of range: closer to 0 than ±2.22507e-308, less than any field takes (write 0 for zero)");
        }
    }

    /** Paths of the numeric leaves, as the desk names fields: {@code a.b}, {@code list[0]}. */
    static List<String> numericFields(JsonNode n, String prefix) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> out.addAll(numericFields(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey())));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.addAll(numericFields(n.get(i), prefix + "[" + i + "]"));
            }
        } else if (n.isNumber()) {
            out.add(prefix);
        }
        return out;
    }

    /** {@code body} with the number at {@code path} replaced by the raw JSON text {@code raw}. */
    static String withRaw(String body, String path, String raw) {
        JsonNode root = TestDesk.json(body);
        String marker = "__RAW__";
        JsonNode parent = root;
        String[] steps = path.replace("[", ".[").split("\\.");
        for (int i = 0; i < steps.length - 1; i++) {
            parent = steps[i].startsWith("[") ? parent.get(Integer.parseInt(steps[i].substring(1, steps[i].length() - 1))) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), marker);
        } else {
            ((ObjectNode) parent).put(last, marker);
        }
        return root.toString().replace("\"" + marker + "\"", raw);
    }
}
