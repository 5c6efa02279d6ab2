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
 * Durable alert delivery. Every (alert, channel) pair is written to {@code pending/} (fsynced) while its first
 * attempt runs, moved to {@code sent/} when the channel accepts it, and retried with exponential backoff (1 s doubling to 5 min,
 * never sooner than a Retry-After) until it does — across restarts: pending files are picked up at start.
 * The file name derives from the alert's dedupe key and the channel, so the same crossing is never queued twice.
 * <p>
 * A channel that refuses for good ({@link DeliveryException#permanent()}: a webhook's 401/403/404/410, Telegram's "chat
 * not found", an SMTP 5xx) is told to the trader once ({@link Listener#refused}) and not called again in this run: the
 * refused alert and every later one for that channel are kept, fsynced, in {@code held/}. At the next start (the
 * trader fixed the settings) the held files go back to {@code pending/} and are sent, or told once more.
 */
public final class Outbox implements AutoCloseable {
    /** Delivery results, for the trader's screen. */
    public interface Listener {
        void delivered(Delivery d);

        void failed(Delivery d);

        /** A channel refused for good: told once per channel and run; its alerts are held, not retried, until restart. */
        default void refused(Refusal r) {
        }
    }

    /**
     * A channel that refused for good.
     *
     * @param channelId the channel's stable id
     * @param channel   the channel for people ({@code webhook hooks.example.com}, {@code telegram chat 42})
     * @param answer    what it answered, one line ({@code webhook hooks.example.com answered HTTP 401})
     * @param atMs      when
     */
    public record Refusal(String channelId, String channel, String answer, long atMs) {
        /** One line for the trader: the channel, its answer, and what happens to its alerts. */
        public String message() {
            return "alerts to " + channel + " are refused for good: " + answer + ". They are kept in the outbox (held/) and "
                    + "not sent again until perpguard restarts: fix the channel's settings and restart";
        }
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
    private final Path pendingDir, sentDir, heldDir;
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();   // channel id → its refusal (this run)
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private final Listener listener;
    private final ScheduledThreadPoolExecutor workers;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> done = recent();     // delivered in this run (bounded)
    private final Set<String> queued = recent();   // submitted in this run (bounded)
    private final Object[] locks = new Object[64];
    private final java.util.concurrent.ExecutorService intake = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "perpguard-outbox-intake");
        t.setDaemon(true);
        return t;
    });

    public Outbox(Path dir, List<AlertChannel> channels, Listener listener) {
        this.pendingDir = dir.resolve("pending");
        this.sentDir = dir.resolve("sent");
        this.heldDir = dir.resolve("held");
        try {
            Files.createDirectories(pendingDir);
            Files.createDirectories(sentDir);
            Files.createDirectories(heldDir);
            release();
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + " cannot be created", e);
        }
        for (AlertChannel c : channels) {
            this.channels.put(c.id(), c);
        }
        this.listener = listener;
        this.workers = new ScheduledThreadPoolExecutor(8, r -> {
            Thread t = new Thread(r, "perpguard-outbox");
            t.setDaemon(true);
            return t;
        });
        workers.setRemoveOnCancelPolicy(true);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        for (Delivery d : pending()) {
            schedule(d.id(), Math.max(0, d.nextMs() - System.currentTimeMillis()));
        }
    }

    /**
     * Queues the alert for every channel (once per dedupe key and channel) and starts sending at once. Returns
     * without waiting for the disk: the write (fsync) and the send run on the outbox's own threads, so a burst of
     * alerts never holds up the mark feed.
     */
    public void submit(LiveAlert alert) {
        if (!intake.isShutdown()) {
            intake.execute(() -> enqueue(alert));
        }
    }

    /**
     * Runs {@code task} once every alert submitted before it has its pending files written and fsynced (the intake is one
     * thread, in order); at once when the outbox is closed.
     */
    public void afterQueued(Runnable task) {
        try {
            intake.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();   // closed: what was submitted before has been drained
        }
    }

    private void enqueue(LiveAlert alert) {
        for (AlertChannel c : channels.values()) {
            String id = id(alert.dedupeKey(), c.id());
            Path p = pendingDir.resolve(id + ".json");
            if (!queued.add(id) || Files.exists(p) || Files.exists(sentDir.resolve(id + ".json")) || Files.exists(heldDir.resolve(id + ".json"))) {
                continue;
            }
            Delivery d = new Delivery(id, c.id(), alert, 0, System.currentTimeMillis(), null);
            // the first attempt starts at once, in parallel with the fsync of its pending file; a crash before that
            // fsync loses this alert only, and one delivered before it is never re-sent (done is checked first)
            workers.execute(() -> attempt(id, d));
            synchronized (lock(id)) {
                // the attempt may have recorded a failure first, or held it (the channel refused)
                if (!done.contains(id) && !Files.exists(p) && !Files.exists(heldDir.resolve(id + ".json"))) {
                    write(p, d, true);
                }
            }
        }
    }

    /** A new run tries the held deliveries again: the trader may have fixed the channel (and restarted for it). */
    private void release() throws IOException {
        try (Stream<Path> s = Files.list(heldDir)) {
            for (Path h : s.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                Path p = pendingDir.resolve(h.getFileName());
                if (Files.exists(p)) {
                    Files.delete(h);
                } else {
                    Files.move(h, p, StandardCopyOption.ATOMIC_MOVE);
                }
            }
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

    /** Deliveries to a channel that refused for good, kept and not retried in this run, oldest first. */
    public List<Delivery> held() {
        return list(heldDir);
    }

    /** The channels that refused for good in this run, in the order they did. */
    public List<Refusal> refusals() {
        return refused.values().stream().sorted(java.util.Comparator.comparingLong(Refusal::atMs)).toList();
    }

    private void schedule(String id, long delayMs) {
        if (!workers.isShutdown()) {
            workers.schedule(() -> attempt(id, null), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One delivery attempt: {@code fresh} is a new delivery (its file may not be written yet), null reads the file. */
    private void attempt(String id, Delivery fresh) {
        if (done.contains(id) || !busy.add(id)) {
            return;
        }
        try {
            Path p = pendingDir.resolve(id + ".json");
            if (fresh == null && !Files.exists(p)) {
                return;
            }
            Delivery d = fresh != null ? fresh : read(p);
            AlertChannel c = channels.get(d.channelId());
            if (c == null) {
                return;   // channel no longer configured: stays pending and visible
            }
            Refusal no = refused.get(d.channelId());
            if (no != null) {
                hold(id, p, new Delivery(id, d.channelId(), d.alert(), d.attempts(), 0, no.answer()));   // not called again this run
                return;
            }
            try {
                c.send(d.alert());
                Delivery ok = new Delivery(id, d.channelId(), d.alert(), d.attempts() + 1, 0, null);
                synchronized (lock(id)) {
                    done.add(id);
                    write(sentDir.resolve(id + ".json"), ok, false);   // no fsync: at worst a repeat with the same dedupe key
                    deleteQuietly(p);
                }
                if (listener != null) {
                    listener.delivered(ok);
                }
            } catch (DeliveryException | RuntimeException e) {
                // a channel's unexpected failure (a RuntimeException) is a failed attempt like any other: shown,
                // counted and backed off — it used to be retried every 5 s without a word. Its message is not shown:
                // it may quote a URL that holds a token (Telegram's)
                String why = e instanceof DeliveryException ? e.getMessage() : c.describe() + " failed (" + e.getClass().getSimpleName() + ")";
                if (e instanceof DeliveryException de && de.permanent()) {
                    hold(id, p, new Delivery(id, d.channelId(), d.alert(), d.attempts() + 1, 0, why));
                    Refusal r = new Refusal(d.channelId(), c.describe(), why, System.currentTimeMillis());
                    if (refused.putIfAbsent(d.channelId(), r) == null && listener != null) {
                        listener.refused(r);   // once per channel: its other deliveries are held without a word
                    }
                    return;
                }
                long retryAfter = e instanceof DeliveryException de ? de.retryAfterMs() : 0;
                int n = d.attempts() + 1;
                long backoff = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(n - 1, 20));
                long delay = Math.max(backoff, retryAfter);
                Delivery again = new Delivery(id, d.channelId(), d.alert(), n, System.currentTimeMillis() + delay, why);
                synchronized (lock(id)) {
                    write(p, again, true);
                }
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

    /** Keeps a delivery to a refusing channel in {@code held/} (fsynced), out of {@code pending/}: no retry is scheduled. */
    private void hold(String id, Path pending, Delivery d) {
        synchronized (lock(id)) {
            write(heldDir.resolve(id + ".json"), d, true);
            deleteQuietly(pending);
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

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left behind: resent on restart, dropped by the receiver by its dedupe key
        }
    }

    private static void write(Path p, Delivery d, boolean sync) {
        ObjectNode o = JSON.createObjectNode();
        o.put("channel", d.channelId());
        o.put("attempts", d.attempts());
        o.put("nextMs", d.nextMs());
        o.put("lastError", d.lastError());
        o.set("alert", d.alert().toJson());
        Path tmp = p.resolveSibling(p.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(o.toString().getBytes(StandardCharsets.UTF_8)));
            if (sync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("outbox: cannot write " + p.getFileName(), e);
        }
        try {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox: cannot write " + p.getFileName(), e);
        }
    }

    /** One of 64 striped locks: a delivery's file is written by one thread at a time. */
    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private static Set<String> recent() {
        return java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > 100_000;
            }
        }));
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
        intake.shutdown();
        try {
            intake.awaitTermination(2, TimeUnit.SECONDS);   // alerts already raised reach the disk
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
