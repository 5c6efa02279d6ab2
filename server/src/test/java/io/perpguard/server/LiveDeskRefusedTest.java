package io.perpguard.server;

import io.perpguard.live.alert.Outbox;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --live}: an alert channel that refused for good is on the desk's live status ({@code GET /api/live}). */
class LiveDeskRefusedTest {
    @Test
    void aRefusingChannelIsOnTheLiveStatus() {
        try (LiveDesk desk = new LiveDesk()) {
            assertThat(desk.state().refused()).isEmpty();
            Outbox.Refusal r = new Outbox.Refusal("telegram-0123456789ab", "telegram chat -1001",
                    "telegram chat -1001 answered HTTP 400 (Bad Request: chat not found)", 1_796_043_702_917L);
            desk.refused(r);
            assertThat(desk.state().refused()).containsExactly(r);
            assertThat(io.perpguard.app.json.Json.write(desk.state())).contains("\"refused\":[{\"channelId\":\"telegram-0123456789ab\"")
                    .contains("chat not found");
        }
        assertThat(io.perpguard.app.json.Json.write(LiveFeed.State.NONE)).contains("\"refused\":[]");
    }
}
