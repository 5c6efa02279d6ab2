package io.perpguard.server;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/stream} opens the event stream for every Accept header that takes it: {@code curl -N} sends
 * {@code Accept: *}{@code /*}, some clients none or {@code text/event-stream, *}{@code /*}. Javalin's SSE handler served
 * only {@code Accept: text/event-stream} exactly; every other request got an empty 200 {@code text/plain} and no event.
 * An Accept that takes no event stream is a 406 naming {@code Accept}.
 */
final class DeskStreamAcceptTest {
    @Test
    void everyAcceptThatTakesTheStream_getsHello_andOneThatDoesNot_isA406() throws IOException {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String accept : new String[]{"*/*", null, "text/event-stream, */*", "text/*;q=0.9", "text/event-stream"}) {
                String head = open(d.server.port(), accept);
                assertThat(head).as("Accept " + accept).startsWith("HTTP/1.1 200").contains("Content-Type: text/event-stream")
                        .contains("event: hello");
            }
            TestDesk.Response json = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base + "/api/stream"))
                    .header("Accept", "application/json").GET());
            assertThat(json.status()).as(json.body()).isEqualTo(406);
            assertThat(json.json().get("field").asText()).isEqualTo("Accept");
            assertThat(json.json().get("error").asText()).startsWith("Accept: 'application/json' does not take text/event-stream")
                    .doesNotContain("\n");
        }
    }

    /** The response of a raw GET /api/stream up to its first event (the stream is left open, then closed with the socket). */
    private static String open(int port, String accept) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (accept == null ? "" : "Accept: " + accept + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("event: hello")) {
                    break;
                }
            }
            return seen.toString();
        }
    }
}
