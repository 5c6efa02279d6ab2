package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A desk started on a free port with its own database and a paused replay, and a small HTTP client for it. */
final class TestDesk implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    final DeskServer server;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestDesk(String jdbcUrl) {
        this(jdbcUrl, TierTables.bundled());
    }

    TestDesk(String jdbcUrl, Instruments instruments) {
        this(new DeskConfig("127.0.0.1", 0, jdbcUrl, 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, instruments, DeskConfig.DEFAULT_MAX_BODY));
    }

    TestDesk(DeskConfig config) {
        server = DeskServer.start(config);
        base = "http://127.0.0.1:" + server.port();
    }

    /** A config for a desk on a fresh in-memory database (for its with... variants). */
    static DeskConfig memoryConfig() {
        return new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:desk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 0, DeskConfig.DEFAULT_WARMUP,
                AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY);
    }

    /** A desk on a fresh in-memory database. */
    static TestDesk inMemory() {
        return inMemory(TierTables.bundled());
    }

    /** A desk on a fresh in-memory database pricing with {@code instruments}. */
    static TestDesk inMemory(Instruments instruments) {
        return new TestDesk("jdbc:h2:mem:desk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", instruments);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** A raw HTTP/1.1 exchange (headers the JDK client will not forge, e.g. Host). */
    static final class Raw implements AutoCloseable {
        private final java.net.Socket socket;

        Raw(int port) throws IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
        }

        String exchange(String request) throws IOException {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
