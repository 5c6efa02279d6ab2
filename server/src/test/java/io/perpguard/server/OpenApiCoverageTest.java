package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/openapi.json} describes every endpoint the desk serves, with the query parameters it reads: {@code GET
 * /api/live} (docs/live.md) was served but not described, and the filters of /api/positions, /api/closed and
 * /api/subaccounts and import's {@code source} were only mentioned in prose, if at all.
 */
final class OpenApiCoverageTest {

    @Test
    void test_everyServedEndpoint_andEveryQueryParameterItReads_isDescribed() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode paths = d.get("/api/openapi.json").json().get("paths");
            List<String> missing = new ArrayList<>();
            List<String> params = new ArrayList<>();
            List<String> endpoints = d.server.endpoints();
            assertThat(endpoints).contains("GET /api/desk", "POST /api/calc", "GET /api/live");
            for (String e : endpoints) {
                String method = e.substring(0, e.indexOf(' ')).toLowerCase(Locale.ROOT), path = e.substring(e.indexOf(' ') + 1);
                if (!path.startsWith("/api/")) {
                    continue;
                }
                JsonNode op = paths.path(path).path(method);
                if (op.isMissingNode()) {
                    missing.add(e);
                    continue;
                }
                Set<String> described = new TreeSet<>();
                for (JsonNode p : op.path("parameters")) {
                    if (p.path("in").asText().equals("query")) {
                        described.add(p.get("name").asText());
                    }
                }
                if (!described.equals(new TreeSet<>(QueryParams.known(method.toUpperCase(Locale.ROOT), path)))) {
                    params.add(e + ": described " + described + ", read " + new TreeSet<>(QueryParams.known(method.toUpperCase(Locale.ROOT), path)));
                }
            }
            assertThat(missing).as("served but not in openapi.json").isEmpty();
            assertThat(params).as("query parameters").isEmpty();
        }
    }

    /** A request schema names exactly the fields its endpoint reads: /api/calc and /api/tiers took exchange, mmr, mmAmount (and calc contracts) undescribed. */
    @Test
    void test_everyRequestSchema_namesExactlyTheFieldsItsEndpointReads() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode schemas = d.get("/api/openapi.json").json().get("components").get("schemas");
            assertThat(propertiesOf(schemas, "CalcRequest")).isEqualTo(new TreeSet<>(CalculatorRoutes.CALC));
            assertThat(propertiesOf(schemas, "TiersRequest")).isEqualTo(new TreeSet<>(CalculatorRoutes.TIERS));
            assertThat(propertiesOf(schemas, "PositionRequest")).isEqualTo(new TreeSet<>(AccountRoutes.POSITION_FIELDS));
        }
    }

    private static Set<String> propertiesOf(JsonNode schemas, String name) {
        Set<String> names = new TreeSet<>();
        schemas.get(name).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
