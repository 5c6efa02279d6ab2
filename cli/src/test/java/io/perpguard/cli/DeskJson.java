package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.json.JsonOutput;

/** Reading {@code GET /api/desk} in the live-desk tests: a sub-account by name and its first position. */
final class DeskJson {
    private DeskJson() {
    }

    static JsonNode sub(JsonNode desk, String name) {
        for (JsonNode s : desk.path("subAccounts")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        return JsonOutput.MAPPER.createObjectNode();
    }

    static JsonNode pos(JsonNode sub) {
        return sub.path("positions").path(0);
    }
}
