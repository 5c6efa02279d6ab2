package io.perpguard.server;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON body is read only when sent as {@code application/json} (charset UTF-8 or none named): a form, {@code text/plain}
 * (what another site's page posts without asking) or UTF-16 is HTTP 415 with one line naming the Content-Type, and
 * nothing changes — on the Javalin routes and on the hot ones ({@link HotRoutes}) alike.
 */
class DeskContentTypeTest {
    private static final String ACCOUNT = "{\"name\":\"typed\"}";
    private static final String CALC = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20}";

    @Test
    void aJsonBodyNotSentAsUtf8Json_is415InOneLine_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory(); DeskServer javalin = DeskServer.start(TestDesk.memoryConfig(), null, false)) {
            String before = d.get("/api/accounts").body();
            for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/jsonx", "application/json-patch+json")) {
                assertRefused(send(d, "POST", "/api/accounts", type, ACCOUNT.getBytes(StandardCharsets.UTF_8)), type);
                // the hot calc and check, ahead of Javalin and through it, answer the same
                assertRefused(send(d, "POST", "/api/calc", type, CALC.getBytes(StandardCharsets.UTF_8)), type);
                assertRefused(send(d, "http://127.0.0.1:" + javalin.port(), "POST", "/api/calc", type, CALC.getBytes(StandardCharsets.UTF_8)), type);
            }
            // UTF-16 declared as such: the bytes are not read as UTF-8
            assertRefused(send(d, "POST", "/api/accounts", "application/json; charset=UTF-16", ACCOUNT.getBytes(StandardCharsets.UTF_16)),
                    "application/json; charset=UTF-16");
            // a body with no Content-Type at all
            TestDesk.Response none = send(d, "POST", "/api/accounts", null, ACCOUNT.getBytes(StandardCharsets.UTF_8));
            assertThat(none.status()).isEqualTo(415);
            assertThat(none.json().get("error").asText())
                    .isEqualTo("a body without a Content-Type is not accepted: send it as application/json (UTF-8)");
            assertThat(d.get("/api/accounts").body()).as("nothing stored").isEqualTo(before);

            // a sub-account's update and a position's close are refused alike, nothing changed
            long acct = d.post("/api/accounts", ACCOUNT).json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"s\",\"walletBalance\":1000}").json().get("id").asLong();
            String subBefore = d.get("/api/subaccounts/" + sub).body();
            assertRefused(send(d, "PUT", "/api/subaccounts/" + sub, "text/plain", "{\"walletBalance\":5}".getBytes(StandardCharsets.UTF_8)),
                    "text/plain");
            assertThat(d.get("/api/subaccounts/" + sub).body()).isEqualTo(subBefore);
        }
    }

    @Test
    void applicationJson_withUtf8OrNoCharset_inAnyCase_isRead_andAnEmptyBodyNeedsNoType() {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"")) {
                assertThat(send(d, "POST", "/api/calc", type, CALC.getBytes(StandardCharsets.UTF_8)).status()).as(type).isEqualTo(200);
            }
            assertThat(send(d, "POST", "/api/accounts", "application/json;charset=UTF-8", ACCOUNT.getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(201);
            // POST /api/replay with no body: nothing to read as JSON, the replay's state
            assertThat(send(d, "POST", "/api/replay", null, new byte[0]).status()).isEqualTo(200);
        }
    }

    private static void assertRefused(TestDesk.Response r, String type) {
        assertThat(r.status()).as(type + ": " + r.body()).isEqualTo(415);
        assertThat(r.body()).as("one line").doesNotContain("\n");
        assertThat(r.json().get("error").asText())
                .isEqualTo("Content-Type " + type + " is not accepted: send the body as application/json (UTF-8)");
        assertThat(r.json().get("field").asText()).isEqualTo("Content-Type");
    }

    private static TestDesk.Response send(TestDesk d, String method, String path, String type, byte[] body) {
        return send(d, d.base, method, path, type, body);
    }

    /** Through {@code d}'s client to the desk at {@code base}, with {@code type} as the Content-Type (none when null). */
    private static TestDesk.Response send(TestDesk d, String base, String method, String path, String type, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return d.send(b);
    }
}
