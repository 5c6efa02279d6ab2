package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field a body cannot do without (left out, the endpoint answers {@code FIELD: is missing}) is in its schema's
 * {@code required} list of {@code /api/openapi.json}, and described without a default. {@code /api/size}'s schema
 * left {@code symbol} out of {@code required} and said "(default BTCUSDT)", while a body without it was refused
 * {@code symbol: is missing} (as {@code size} requires {@code --symbol}).
 */
final class OpenApiRequiredTest {
    private static final Map<String, String> VALID = Map.of(
            "/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,\"leverage\":10}",
            "/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20}",
            "/api/tiers", "{\"symbol\":\"BTCUSDT\",\"leverage\":10,\"entryPrice\":60000,\"side\":\"long\"}",
            "/api/funding", "{\"symbol\":\"BTCUSDT\",\"notional\":50000,\"leverage\":20,\"fundingRate\":0.001,\"markPrice\":60000}",
            "/api/stops", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":122000}");

    @Test
    void everyFieldABodyCannotDoWithout_isRequiredInItsSchema() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode spec = d.get("/api/openapi.json").json();
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, String> e : VALID.entrySet()) {
                assertThat(d.post(e.getKey(), e.getValue()).status()).as(e.getKey()).isEqualTo(200);
                JsonNode schema = schema(spec, spec.get("paths").get(e.getKey()).get("post").get("requestBody").get("content")
                        .get("application/json").get("schema"));
                Set<String> required = new HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<String> it = TestDesk.json(e.getValue()).fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    ObjectNode body = (ObjectNode) TestDesk.json(e.getValue());
                    body.remove(field);
                    TestDesk.Response r = d.post(e.getKey(), body.toString());
                    if (r.status() == 400 && r.json().get("error").asText().equals(field + ": is missing")) {
                        if (!required.contains(field)) {
                            wrong.add(e.getKey() + " " + field + ": refused when missing, not in required " + required);
                        }
                        String description = schema.path("properties").path(field).path("description").asText("");
                        if (description.contains("default")) {
                            wrong.add(e.getKey() + " " + field + ": refused when missing, described with a default: " + description);
                        }
                    }
                }
            }
            assertThat(wrong).isEmpty();
        }
    }

    private static JsonNode schema(JsonNode spec, JsonNode s) {
        if (s.has("$ref")) {
            String name = s.get("$ref").asText().substring("#/components/schemas/".length());
            return spec.get("components").get("schemas").get(name);
        }
        return s;
    }
}
