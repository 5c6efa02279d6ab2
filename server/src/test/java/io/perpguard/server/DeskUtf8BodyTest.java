package io.perpguard.server;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A body whose bytes are not UTF-8 is one 400 naming the offending byte, and nothing is stored: {@code {"name": "\xff\xfe"}}
 * was decoded with U+FFFD in place of each bad byte and created an account named "��".
 */
final class DeskUtf8BodyTest {
    @Test
    void bytesThatAreNotUtf8_areRefused_notReplaced() {
        assertThat(Http.utf8("{\"name\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("{\"name\":\"é\"}");
        byte[] bad = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        assertThatThrownBy(() -> Http.utf8(bad)).hasMessage("body: is not UTF-8 text (byte 0xFF at offset 9): send the body as "
                + "application/json in UTF-8");
        // a sequence cut short at the end is not UTF-8 either
        assertThatThrownBy(() -> Http.utf8(new byte[]{'"', (byte) 0xC3})).hasMessageStartingWith("body: is not UTF-8 text (byte 0xC3 at offset 1)");
    }

    @Test
    void anAccountNamedInBytesThatAreNotUtf8_is400_andNothingIsCreated() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            String before = d.get("/api/accounts").body();
            byte[] bad = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(d.base + "/api/accounts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("body: is not UTF-8 text (byte 0xFF at offset 9)");
            assertThat(d.get("/api/accounts").body()).isEqualTo(before);
        }
    }
}
