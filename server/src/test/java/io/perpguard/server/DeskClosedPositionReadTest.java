package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/positions/{id}} of a position that was closed is a 404 that says so, names {@code id} and where it is
 * listed, as a change to it (a 409) does: it answered {@code {"error":"position 2 not found","field":null}}, as if the
 * id had never been used. An id never used is still "position N not found".
 */
final class DeskClosedPositionReadTest {
    @Test
    void aClosedPositionRead_isA404SayingItIsClosed_andAnUnusedIdStaysNotFound() {
        try (TestDesk d = TestDesk.inMemory()) {
            long id = d.get("/api/positions").json().get(1).get("id").asLong();   // the demo's ETHUSDT short
            assertThat(d.post("/api/positions/" + id + "/close", "").status()).isEqualTo(200);
            TestDesk.Response r = d.get("/api/positions/" + id);
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("field").asText()).isEqualTo("id");
            assertThat(r.json().get("error").asText()).startsWith("id: position " + id + " is closed (ETHUSDT short, closed at ")
                    .endsWith("): this lists open positions; GET /api/closed lists it").doesNotContain("\n");

            TestDesk.Response unused = d.get("/api/positions/999999");
            assertThat(unused.status()).isEqualTo(404);
            assertThat(unused.json().get("error").asText()).isEqualTo("position 999999 not found");
        }
    }
}
