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
 * POST /api/accounts, PUT /api/subaccounts/{id} and /api/portfolio were described as {"type": "object"}: no field at
 * all; a plan's markPrice (and the old names entry and mark, still read) was missing from Plan.
 */
final class OpenApiFieldsTest {

    record Op(String method, String path, String probe, int alternative) {
        Op(String method, String path) {
            this(method, path, "{\"zzz\":1}", -1);
        }
    }

    @Test
    void test_eachRequestSchema_namesTheFieldsTheEndpointReads() {
        Op[] ops = {new Op("post", "/api/size"), new Op("post", "/api/kelly"), new Op("post", "/api/funding"), new Op("post", "/api/recovery"),
                new Op("post", "/api/survival"), new Op("post", "/api/stops"), new Op("post", "/api/accounts"), new Op("put", "/api/subaccounts/{id}"),
                new Op("post", "/api/subaccounts"), new Op("post", "/api/positions"), new Op("post", "/api/calc"), new Op("post", "/api/tiers"),
                // two forms each (oneOf): the bare plan or account, and the wrapper
                new Op("post", "/api/check", "{\"zzz\":1}", 0), new Op("post", "/api/check", "{\"plan\":{},\"zzz\":1}", 1),
                new Op("post", "/api/portfolio", "{\"zzz\":1}", 0), new Op("post", "/api/portfolio", "{\"accountId\":1,\"zzz\":1}", 1)};
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode paths = d.get("/api/openapi.json").json().get("paths");
            JsonNode schemas = d.get("/api/openapi.json").json().get("components").get("schemas");
            List<String> differ = new ArrayList<>();
            for (Op op : ops) {
                String concrete = op.path().replace("{id}", "1");
                TestDesk.Response r = op.method().equals("put") ? d.put(concrete, op.probe()) : d.post(concrete, op.probe());
                String error = r.json().get("error").asText();
                assertThat(error).as(op + " " + r.body()).startsWith("zzz: unknown field").contains("known: ");
                Set<String> read = new TreeSet<>();
                for (String f : error.substring(error.indexOf("known: ") + 7).split(",")) {
                    read.add(f.trim());
                }
                JsonNode schema = paths.path(op.path()).path(op.method()).path("requestBody").path("content").path("application/json").path("schema");
                schema = resolve(schemas, schema);
                if (op.alternative() >= 0) {
                    schema = resolve(schemas, schema.path("oneOf").path(op.alternative()));
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

    private static JsonNode resolve(JsonNode schemas, JsonNode schema) {
        return schema.has("$ref") ? schemas.get(schema.get("$ref").asText().substring("#/components/schemas/".length())) : schema;
    }
}
