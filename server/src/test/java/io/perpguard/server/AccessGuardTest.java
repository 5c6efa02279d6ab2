package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host, Origin and token checks on every request (a desk on loopback that was given a token enforces it too). */
class AccessGuardTest {
    static final String TOKEN = "test-token-0123456789abcdef";
    static DeskServer desk;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        desk = DeskServer.start(config("127.0.0.1").withAccess(new DeskAccess(TOKEN, List.of("desk.example"))));
        base = "http://127.0.0.1:" + desk.port();
    }

    @AfterAll
    static void stop() {
        desk.close();
    }

    static DeskConfig config(String bind) {
        return new DeskConfig(bind, 0, "jdbc:h2:mem:guard-" + UUID.randomUUID(), 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void test_nonLoopbackBind_withoutToken_isRefusedBeforeListening() {
        assertThatThrownBy(() -> DeskServer.start(config("0.0.0.0")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token");
    }

    @Test
    void test_requestWithoutToken_gets401_everywhere() throws Exception {
        for (String path : List.of("/api/health", "/api/accounts", "/", "/api/stream", "/index.html")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)));
            assertThat(r.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "/api/accounts"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"intruder\"}")));
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(post.body()).contains("token");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "/api/health")).header("Authorization", "Bearer nope-nope-nope-nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong access token");
    }

    @Test
    void test_bearerToken_isAccepted() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/health")).header("Authorization", "Bearer " + TOKEN));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void test_tokenLink_setsAStrictHttpOnlyCookie_andRedirectsWithoutTheToken() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/?token=" + TOKEN)));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("perpguard_token=" + TOKEN).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", "perpguard_token=" + TOKEN));
        assertThat(page.statusCode()).isEqualTo(200);
    }

    @Test
    void test_crossOriginPost_isRefused_evenWithTheCookie() throws Exception {
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:1", "file://x")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/accounts"))
                    .header("Origin", origin).header("Cookie", "perpguard_token=" + TOKEN).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"csrf\"}")));
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
        }
        HttpResponse<String> same = send(HttpRequest.newBuilder(URI.create(base + "/api/health"))
                .header("Origin", base).header("Authorization", "Bearer " + TOKEN));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(desk.store().accounts()).noneMatch(a -> a.name().equals("csrf"));
    }

    @Test
    void test_crossSiteFetch_isRefused_butALinkToThePageOpensIt() throws Exception {
        HttpResponse<String> fetch = send(HttpRequest.newBuilder(URI.create(base + "/api/health"))
                .header("Authorization", "Bearer " + TOKEN).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "cors"));
        assertThat(fetch.statusCode()).isEqualTo(403);
        HttpResponse<String> link = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Cookie", "perpguard_token=" + TOKEN).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate"));
        assertThat(link.statusCode()).isEqualTo(200);
    }

    @Test
    void test_foreignHostHeader_isRefused_dnsRebinding() throws IOException {
        assertThat(raw("GET /api/health HTTP/1.1\r\nHost: evil.example:" + desk.port() + "\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /api/health HTTP/1.1\r\nHost: desk.example\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /api/health HTTP/1.1\r\nHost: localhost:" + desk.port() + "\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void test_loopbackDeskWithoutToken_stillChecksHostAndOrigin() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            assertThat(d.get("/api/health").status()).isEqualTo(200);
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(d.base + "/api/accounts")).header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("name=x")));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("cross-origin");
        }
    }

    @Test
    void test_hostName_stripsPortAndBrackets() {
        assertThat(AccessGuard.hostName("LocalHost:7070")).isEqualTo("localhost");
        assertThat(AccessGuard.hostName("[::1]:7070")).isEqualTo("::1");
        assertThat(AccessGuard.hostName("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(DeskAccess.isLoopback("127.0.0.2")).isTrue();
        assertThat(DeskAccess.isLoopback("0.0.0.0")).isFalse();
        assertThat(DeskAccess.isLoopback("example.com")).isFalse();
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", desk.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
