package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each status the desk answers to a bad request is one {@code /api/openapi.json} lists for that operation: probed on
 * every served endpoint, not read off the document. Before, /api/size, /kelly, /portfolio, /funding, /recovery,
 * /survival, /stops, /replay, /cascade, /journal/import and /positions/{id}/close answered 413 over 64 KiB undescribed,
 * close 400 for a bad price, and GET /api/alerts and /api/journal 400 for a bad {@code limit}; a change to a closed
 * position (409) was answered 404 and documented as such.
 */
final class OpenApiStatusTest {
    private static final String BIG = "{\"x\":\"" + "a".repeat(70_000) + "\"}";
    private static final String IMPORT_BIG = "time,symbol,side,qty,price,realizedPnl,fee\n" + "x".repeat((int) Http.IMPORT_MAX_BODY);

    @Test
    void test_everyStatusAProbeGets_isListedForItsOperation() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode paths = d.get("/api/openapi.json").json().get("paths");
            // a position closed once: a change to it is a conflict with its state (409), not a missing id (404)
            // (the last one: id 1 stays open, so the misspelt-field probe below still reaches the body)
            JsonNode open = d.get("/api/positions").json();
            long closed = open.get(open.size() - 1).get("id").asLong();
            org.assertj.core.api.Assertions.assertThat(d.post("/api/positions/" + closed + "/close", "{}").status()).isEqualTo(200);
            List<String> undocumented = new ArrayList<>();
            for (String e : d.server.endpoints()) {
                String method = e.substring(0, e.indexOf(' ')), path = e.substring(e.indexOf(' ') + 1);
                if (!path.startsWith("/api/")) {
                    continue;
                }
                JsonNode responses = paths.path(path).path(method.toLowerCase(Locale.ROOT)).path("responses");
                String concrete = path.replace("/api/journal/trades/{id}", "/api/journal/trades/" + "0".repeat(64)).replace("{id}", "999999");
                List<String[]> probes = new ArrayList<>();   // {what, status}
                if (method.equals("POST") || method.equals("PUT")) {
                    // the journal import's limit is 8 MiB (a year of fills), every other route's 64 KiB
                    boolean csv = path.equals(Http.IMPORT_PATH);
                    probes.add(new String[]{"a body over its limit", status(d, method, concrete, csv ? "text/csv" : "application/json", csv ? IMPORT_BIG : BIG)});
                    probes.add(new String[]{"a UTF-16 body", status(d, method, concrete, "application/json; charset=utf-16", "{}")});
                    // an existing row's id, so the body itself is judged
                    String existing = path.replace("/api/journal/trades/{id}", "/api/journal/trades/" + "0".repeat(64)).replace("{id}", "1");
                    probes.add(new String[]{"a misspelt field", status(d, method, existing, "application/json", "{\"zzz\":1}")});
                }
                if (!QueryParams.known(method, path).isEmpty() && !path.equals("/api/stream")) {
                    String p = QueryParams.known(method, path).iterator().next();
                    probes.add(new String[]{"?" + p + "=-1x", status(d, method, concrete + "?" + p + "=-1x", "application/json", method.equals("GET") ? null : "{}")});
                }
                if (path.contains("{id}") && !method.equals("POST") && !method.equals("PUT")) {
                    probes.add(new String[]{"an unknown id", status(d, method, concrete, "application/json", null)});
                }
                if (path.startsWith("/api/positions/{id}") && !method.equals("GET")) {
                    String closedPath = path.replace("{id}", Long.toString(closed));
                    probes.add(new String[]{"a closed position's id", status(d, method, closedPath, "application/json", method.equals("DELETE") ? null : "{}")});
                }
                for (String[] p : probes) {
                    if (!responses.has(p[1])) {
                        undocumented.add(e + " answers " + p[1] + " to " + p[0] + "; documented " + names(responses));
                    }
                }
            }
            org.assertj.core.api.Assertions.assertThat(undocumented).isEmpty();
        }
    }

    private static String status(TestDesk d, String method, String path, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.base + path));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return Integer.toString(d.send(b).status());
    }

    private static List<String> names(JsonNode responses) {
        List<String> out = new ArrayList<>();
        responses.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
