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

    /**
     * A speed out of range says the value sent ("speed: must be 0 (paused) to 1,000 ..." did not), and is judged before
     * a jump beside it moves the replay (the jump was made, then the 400 answered).
     */
    @Test
    void test_aBadSpeed_showsTheValueSent_andTheReplayStaysPut() {
        try (TestDesk d = TestDesk.inMemory()) {
            Case[] cases = {
                    new Case("{\"speed\":5000}", "speed", "speed: 5,000 is outside the allowed range: 0 (paused) to 1,000 replayed hours per second"),
                    new Case("{\"speed\":-1}", "speed", "speed: -1 is outside the allowed range: 0 (paused) to 1,000 replayed hours per second"),
                    new Case("{\"jump\":\"crash\",\"speed\":1e6}", "speed", "speed: 1,000,000 is outside the allowed range"),
                    new Case("{\"index\":3,\"speed\":-0.5}", "speed", "speed: -0.5 is outside the allowed range"),
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
