package io.perpguard.live.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.perpguard.live.fake.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelsTest {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());   // any free port

    static final LiveAlert ALERT = new LiveAlert("main/cross/threshold/0.8/1700000000000", "main", "binance", "cross", "BTCUSDT", "threshold",
            0.8, 0.8123, 51_234.5, 1_700_000_000_000L, 1_700_000_000_020L, "main cross: margin ratio 81.2 % crossed 80.0 % at mark 51,234.50");

    @Test
    void test_webhook_postsJsonWithDedupeKeyAndVerifiableSignature() throws Exception {
        try (WebhookReceiver r = new WebhookReceiver()) {
            new WebhookChannel(URI.create(r.url()), "shh").send(ALERT);
            WebhookReceiver.Received got = r.received().get(0);
            assertThat(got.delivery()).isEqualTo(ALERT.dedupeKey());
            assertThat(got.body().path("marginRatio").asDouble()).isEqualTo(0.8123);
            assertThat(got.body().path("markPrice").asDouble()).isEqualTo(51_234.5);
            assertThat(got.signature()).isEqualTo("sha256=" + WebhookChannel.sign("shh".getBytes(StandardCharsets.UTF_8), got.timestamp(), got.raw()));
            assertThat(got.signature()).isNotEqualTo("sha256=" + WebhookChannel.sign("other".getBytes(StandardCharsets.UTF_8), got.timestamp(), got.raw()));
        }
    }

    @Test
    void test_webhook_non2xxIsARetryableFailureKeepingRetryAfter() throws Exception {
        try (WebhookReceiver r = new WebhookReceiver()) {
            r.failNext(1);
            assertThatThrownBy(() -> new WebhookChannel(URI.create(r.url()), null).send(ALERT))
                    .isInstanceOf(DeliveryException.class).hasMessageContaining("503");
        }
    }

    @Test
    void test_telegram_sendMessageWithChatAndTextNeverQuotingTheToken() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            bodies.add(new ObjectMapper().readTree(ex.getRequestBody()));
            int status = bodies.size() == 1 ? 200 : 429;
            byte[] b = (status == 200 ? "{\"ok\":true}" : "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":3}}").getBytes();
            if (status == 429) {
                ex.getResponseHeaders().add("Retry-After", "3");
            }
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        try {
            TelegramChannel t = new TelegramChannel("http://127.0.0.1:" + s.getAddress().getPort(), "123456:ABCtoken", "-1001");
            t.send(ALERT);
            assertThat(paths.get(0)).isEqualTo("/bot123456:ABCtoken/sendMessage");
            assertThat(bodies.get(0).path("chat_id").asText()).isEqualTo("-1001");
            assertThat(bodies.get(0).path("text").asText()).contains("crossed 80.0 %");
            assertThatThrownBy(() -> t.send(ALERT)).isInstanceOfSatisfying(DeliveryException.class, e -> {
                assertThat(e.retryAfterMs()).isEqualTo(3000);
                assertThat(e.getMessage()).doesNotContain("ABCtoken");
            });
            assertThat(t.id()).doesNotContain("ABCtoken");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void test_email_deliversOnePlainMessageThroughSmtp() throws Exception {
        new EmailChannel(new EmailChannel.Smtp("127.0.0.1", mail.getSmtp().getPort(), null, null, "perpguard@localhost",
                "trader@localhost", false)).send(ALERT);
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(1);
        assertThat(got[0].getSubject()).contains("threshold").contains("crossed 80.0 %");
        assertThat(got[0].getHeader("X-Perpguard-Delivery")[0]).isEqualTo(ALERT.dedupeKey());
        assertThat((String) got[0].getContent()).contains("\"marginRatio\" : 0.8123");
    }
}
