package io.perpguard.live.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A local webhook endpoint that records every POST (body, headers, arrival time); can fail the first N. */
public final class WebhookReceiver implements AutoCloseable {
    /** One received POST. */
    public record Received(JsonNode body, String raw, String signature, String timestamp, String delivery, long arrivedMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", ex -> {
            long at = System.currentTimeMillis();
            String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            received.add(new Received(JSON.readTree(raw), raw, ex.getRequestHeaders().getFirst("X-Perpguard-Signature"),
                    ex.getRequestHeaders().getFirst("X-Perpguard-Timestamp"), ex.getRequestHeaders().getFirst("X-Perpguard-Delivery"), at));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The next {@code n} POSTs are answered 503. */
    public void failNext(int n) {
        failNext.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
