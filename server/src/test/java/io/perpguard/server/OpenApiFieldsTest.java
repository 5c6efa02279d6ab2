package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each JSON request body's schema names exactly the fields its endpoint reads, as the endpoint itself lists them when a
 * body has a misspelt field ("known: ..."). Before, /api/size, /kelly, /funding, /recovery, /survival, /stops,
 * POST /api/accounts and PUT /api/subaccounts/{id} were described as {"type": "object"}: no field at all.
 */
final class OpenApiFieldsTest {

    record Op(String method, String path) {
    }

    @Test
    void test_eachRequestSchema_namesTheFieldsTheEndpointReads() {
        Op[] ops = {new Op("post", "/api/size"), new Op("post", "/api/kelly"), new Op("post", "/api/funding"), new Op("post", "/api/recovery"),
                new Op("post", "/api/survival"), new Op("post", "/api/stops"), new Op("post", "/api/accounts"), new Op("put", "/api/subaccounts/{id}"),
                new Op("post", "/api/subaccounts"), new Op("post", "/api/positions"), new Op("post", "/api/calc"), new Op("post", "/api/tiers")};
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode paths = d.get("/api/openapi.json").json().get("paths");
            JsonNode schemas = d.get("/api/openapi.json").json().get("components").get("schemas");
            List<String> differ = new ArrayList<>();
            for (Op op : ops) {
                String concrete = op.path().replace("{id}", "1");
                TestDesk.Response r = op.method().equals("put") ? d.put(concrete, "{\"zzz\":1}") : d.post(concrete, "{\"zzz\":1}");
                String error = r.json().get("error").asText();
                assertThat(error).as(op + " " + r.body()).startsWith("zzz: unknown field").contains("known: ");
                Set<String> read = new TreeSet<>();
                for (String f : error.substring(error.indexOf("known: ") + 7).split(",")) {
                    read.add(f.trim());
                }
                JsonNode schema = paths.path(op.path()).path(op.method()).path("requestBody").path("content").path("application/json").path("schema");
                if (schema.has("$ref")) {
                    schema = schemas.get(schema.get("$ref").asText().substring("#/components/schemas/".length()));
                }
                Set<String> described = new TreeSet<>();
                schema.path("properties").fieldNames().forEachRemaining(described::add);
                if (!described.equals(read)) {
                    differ.add(op + ": described " + described + ", read " + read);
                }
            }
            assertThat(differ).isEmpty();
        }
    }
}
