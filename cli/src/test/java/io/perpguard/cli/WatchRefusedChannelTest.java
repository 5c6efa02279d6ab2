package io.perpguard.cli;

import io.perpguard.live.alert.Outbox;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel that refused for good is told on the screen (a status line, or one {@code --json} delivery line with status
 * {@code refused}) and on stderr, naming the channel and its answer; the outbox tells it once per channel
 * ({@code SinkFaultsTest}).
 */
class WatchRefusedChannelTest {
    static final Outbox.Refusal REFUSED = new Outbox.Refusal("webhook-0123456789ab", "webhook hooks.example.com",
            "webhook hooks.example.com answered HTTP 401", 1_796_043_702_917L);

    @Test
    void aRefusingChannelIsToldOnTheScreenAndOnStderr() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        new WatchCommand.Screen(new PrintWriter(out), new PrintWriter(err), false).refused(REFUSED);
        assertThat(out.toString()).isEqualTo("delivery webhook-0123456789ab: alerts to webhook hooks.example.com are refused for good: "
                + "webhook hooks.example.com answered HTTP 401. They are kept in the outbox (held/) and not sent again until perpguard "
                + "restarts: fix the channel's settings and restart" + System.lineSeparator());
        assertThat(err.toString()).startsWith("perpguard watch: alerts to webhook hooks.example.com are refused for good: ")
                .contains("HTTP 401").contains("restart");
    }

    @Test
    void inJsonItIsOneDeliveryLineWithStatusRefused() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        new WatchCommand.Screen(new PrintWriter(out), new PrintWriter(err), true).refused(REFUSED);
        var line = io.perpguard.data.json.JsonOutput.MAPPER.readTree(out.toString());
        assertThat(line.path("type").asText()).isEqualTo("delivery");
        assertThat(line.path("status").asText()).isEqualTo("refused");
        assertThat(line.path("channel").asText()).isEqualTo("webhook-0123456789ab");
        assertThat(line.path("error").asText()).isEqualTo("webhook hooks.example.com answered HTTP 401");
        assertThat(err.toString()).contains("refused for good");
    }
}
