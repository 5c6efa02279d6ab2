package io.perpguard.live.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable alert delivery. Every (alert, channel) pair is written to {@code pending/} (fsynced) before it is sent,
 * moved to {@code sent/} when the channel accepts it, and retried with exponential backoff (1 s doubling to 5 min,
 * never sooner than a Retry-After) until it does — across restarts: pending files are picked up at start.
 * The file name derives from the alert's dedupe key and the channel, so the same crossing is never queued twice.
 */
public final class Outbox implements AutoCloseable {
    /** Delivery results, for the trader's screen. */
    public interface Listener {
        void delivered(Delivery d);

        void failed(Delivery d);
    }

    /**
     * One pending or finished delivery.
     *
     * @param id        file name stem
     * @param channelId the channel's stable id
     * @param alert     what is delivered
     * @param attempts  attempts made
     * @param nextMs    when the next attempt is due
     * @param lastError the last failure, one line (null if none)
     */
    public record Delivery(String id, String channelId, LiveAlert alert, int attempts, long nextMs, String lastError) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BACKOFF_MS = 300_000;
    private final Path pendingDir, sentDir;
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private final Listener listener;
    private final ScheduledThreadPoolExecutor workers;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public Outbox(Path dir, List<AlertChannel> channels, Listener listener) {
        this.pendingDir = dir.resolve("pending");
        this.sentDir = dir.resolve("sent");
        try {
            Files.createDirectories(pendingDir);
            Files.createDirectories(sentDir);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + " cannot be created", e);
        }
        for (AlertChannel c : channels) {
            this.channels.put(c.id(), c);
        }
        this.listener = listener;
        this.workers = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "perpguard-outbox");
            t.setDaemon(true);
            return t;
        });
        workers.setRemoveOnCancelPolicy(true);
        for (Delivery d : pending()) {
            schedule(d.id(), Math.max(0, d.nextMs() - System.currentTimeMillis()));
        }
    }

    /** Queues the alert for every channel (once per dedupe key and channel) and starts sending at once. */
    public void submit(LiveAlert alert) {
        for (AlertChannel c : channels.values()) {
            String id = id(alert.dedupeKey(), c.id());
            Path p = pendingDir.resolve(id + ".json");
            if (Files.exists(p) || Files.exists(sentDir.resolve(id + ".json"))) {
                continue;
            }
            write(p, new Delivery(id, c.id(), alert, 0, System.currentTimeMillis(), null));
            schedule(id, 0);
        }
    }

    /** Deliveries not yet accepted, oldest first. */
    public List<Delivery> pending() {
        return list(pendingDir);
    }

    /** Deliveries accepted by their channel. */
    public List<Delivery> sent() {
        return list(sentDir);
    }

    private void schedule(String id, long delayMs) {
        if (!workers.isShutdown()) {
            workers.schedule(() -> attempt(id), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(String id) {
        if (!busy.add(id)) {
            return;
        }
        try {
            Path p = pendingDir.resolve(id + ".json");
            if (!Files.exists(p)) {
                return;
            }
            Delivery d = read(p);
            AlertChannel c = channels.get(d.channelId());
            if (c == null) {
                return;   // channel no longer configured: stays pending and visible
            }
            try {
                c.send(d.alert());
                Delivery done = new Delivery(id, d.channelId(), d.alert(), d.attempts() + 1, 0, null);
                write(sentDir.resolve(id + ".json"), done);
                Files.deleteIfExists(p);
                if (listener != null) {
                    listener.delivered(done);
                }
            } catch (DeliveryException e) {
                int n = d.attempts() + 1;
                long backoff = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(n - 1, 20));
                long delay = Math.max(backoff, e.retryAfterMs());
                Delivery again = new Delivery(id, d.channelId(), d.alert(), n, System.currentTimeMillis() + delay, e.getMessage());
                write(p, again);
                if (listener != null) {
                    listener.failed(again);
                }
                schedule(id, delay);
            }
        } catch (IOException | RuntimeException e) {
            schedule(id, 5000);
        } finally {
            busy.remove(id);
        }
    }

    private List<Delivery> list(Path dir) {
        List<Delivery> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(read(p));
                } catch (IOException | RuntimeException e) {
                    // half-written file of a crash before fsync: ignored
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + " unreadable", e);
        }
        out.sort((a, b) -> Long.compare(a.alert().raisedAtMs(), b.alert().raisedAtMs()));
        return out;
    }

    private static Delivery read(Path p) throws IOException {
        JsonNode n = JSON.readTree(Files.readString(p));
        String name = p.getFileName().toString();
        return new Delivery(name.substring(0, name.length() - 5), n.path("channel").asText(), LiveAlert.fromJson(n.path("alert").toString()),
                n.path("attempts").asInt(), n.path("nextMs").asLong(), n.path("lastError").isNull() ? null : n.path("lastError").asText(null));
    }

    private static void write(Path p, Delivery d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("channel", d.channelId());
        o.put("attempts", d.attempts());
        o.put("nextMs", d.nextMs());
        o.put("lastError", d.lastError());
        o.set("alert", d.alert().toJson());
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(o.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox: cannot write " + p.getFileName(), e);
        }
        try {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox: cannot write " + p.getFileName(), e);
        }
    }

    static String id(String dedupeKey, String channelId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((dedupeKey + "|" + channelId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops sending; what is pending stays on disk for the next start. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
