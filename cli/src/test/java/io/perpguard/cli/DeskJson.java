package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.server.DeskServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the desk in the live-desk tests: {@code GET} an endpoint's JSON, quietly while waiting for a condition, the
 * alerts; and of {@code GET /api/desk} a sub-account by name and its first position.
 */
final class DeskJson {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DeskJson() {
    }

    /** {@code GET path} of the desk, which must answer 200, as JSON. */
    static JsonNode get(DeskServer desk, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(desk.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JsonOutput.MAPPER.readTree(r.body());
    }

    /** {@link #get}, or an empty object while the desk cannot answer it yet (for a wait's condition). */
    static JsonNode getQuietly(DeskServer desk, String path) {
        try {
            return get(desk, path);
        } catch (Exception | AssertionError e) {
            return JsonOutput.MAPPER.createObjectNode();
        }
    }

    /** The desk's alerts ({@code GET /api/alerts}), none while it cannot answer. */
    static List<JsonNode> alerts(DeskServer desk) {
        List<JsonNode> out = new ArrayList<>();
        getQuietly(desk, "/api/alerts").forEach(out::add);
        return out;
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
