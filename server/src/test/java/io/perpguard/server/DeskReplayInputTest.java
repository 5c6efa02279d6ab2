package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/replay} refuses a jump that is not one of its names with the names and the field that moves by bars
 * ({@code {"jump": -5}} said "jump: -5 is not a string"), and a jump given with an index (the jump was made, the index
 * ignored); the replay stays where it was.
 */
final class DeskReplayInputTest {

    record Case(String body, String field, String error) {
    }

    @Test
    void test_aBadJump_isRefusedWithTheValuesItTakes_andTheReplayStaysPut() {
        try (TestDesk d = TestDesk.inMemory()) {
            int last = d.get("/api/replay").json().get("bars").asInt() - 1;
            Case[] cases = {
                    new Case("{\"jump\":-5}", "jump", "jump: -5 is not crash, start or end; to move to a bar give index (0 to " + last + ")"),
                    new Case("{\"jump\":true}", "jump", "jump: true is not crash, start or end;"),
                    new Case("{\"jump\":\"moon\"}", "jump", "jump: 'moon' is not crash, start or end"),
                    new Case("{\"jump\":\"crash\",\"index\":3}", "index", "index: give at most one of jump (crash, start or end) or index (a bar, 0 to "
                            + last + ")"),
            };
            String before = d.get("/api/replay").body();
            for (Case c : cases) {
                TestDesk.Response r = d.post("/api/replay", c.body());
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo(c.field());
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error());
                assertThat(d.get("/api/replay").body()).as(c.toString()).isEqualTo(before);
            }
        }
    }
}
