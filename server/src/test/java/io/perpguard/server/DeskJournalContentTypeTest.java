package io.perpguard.server;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for every route that reads a body: it is read only when sent as the route's type, charset UTF-8 or none
 * named, else HTTP 415 in one line naming Content-Type and the type to send, and nothing changes. The journal import
 * (text/csv) took any type: a CSV body posted as {@code application/json} was imported. The JSON routes refused a CSV
 * type already (checked here from the other side).
 */
final class DeskJournalContentTypeTest {

    @Test
    void aJournalCsvNotSentAsTextCsv_is415NamingContentType_andNothingIsImported() {
        try (TestDesk d = TestDesk.inMemory()) {
            String before = d.get("/api/journal").body();
            for (String type : List.of("application/json", "application/json; charset=UTF-8", "text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "text/csv; charset=utf-16", "text/csvx", "application/csv")) {
                TestDesk.Response r = send(d, "POST", "/api/journal/import?source=week1.csv", type, DeskApiTest.JOURNAL_CSV);
                assertThat(r.status()).as(type + ": " + r.body()).isEqualTo(415);
                assertThat(r.body()).doesNotContain("\n");
                assertThat(r.json().get("field").asText()).isEqualTo("Content-Type");
                assertThat(r.json().get("error").asText())
                        .isEqualTo("Content-Type " + type + " is not accepted: send the CSV file as text/csv (UTF-8)");
            }
            TestDesk.Response none = send(d, "POST", "/api/journal/import", null, DeskApiTest.JOURNAL_CSV);
            assertThat(none.status()).isEqualTo(415);
            assertThat(none.json().get("error").asText())
                    .isEqualTo("a body without a Content-Type is not accepted: send the CSV file as text/csv (UTF-8)");
            assertThat(d.get("/api/journal").body()).as("nothing imported").isEqualTo(before);

            // text/csv in any case, with UTF-8 or no charset, is read
            for (String type : List.of("text/csv", "text/csv; charset=UTF-8", "Text/CSV;charset=\"utf-8\"")) {
                assertThat(send(d, "POST", "/api/journal/import?source=week1.csv", type, DeskApiTest.JOURNAL_CSV).status()).as(type).isEqualTo(200);
            }
            assertThat(d.get("/api/journal").json().get("total").asInt()).isPositive();
        }
    }

    @Test
    void aJsonRouteGivenTextCsv_is415_andNothingChanges() {
        try (TestDesk d = TestDesk.inMemory()) {
            String accounts = d.get("/api/accounts").body();
            for (String path : List.of("/api/accounts", "/api/calc", "/api/size")) {
                TestDesk.Response r = send(d, "POST", path, "text/csv", "{\"name\":\"csv\"}");
                assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(415);
                assertThat(r.json().get("error").asText())
                        .isEqualTo("Content-Type text/csv is not accepted: send the body as application/json (UTF-8)");
            }
            assertThat(d.get("/api/accounts").body()).isEqualTo(accounts);
        }
    }

    private static TestDesk.Response send(TestDesk d, String method, String path, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return d.send(b);
    }
}
