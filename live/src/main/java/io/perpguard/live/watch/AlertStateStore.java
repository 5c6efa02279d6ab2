package io.perpguard.live.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.alerts.AlertState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.perpguard.live.venue.LivePosition;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

/**
 * Which thresholds have fired per subject, kept in a small JSON file so a restarted watcher does not alert a
 * crossing it has already alerted; beside each, the positions it was about ({@link #holdings}), so a restarted watcher
 * tells a position closed and opened again under the same key while it was stopped from the one it alerted. Changed
 * only when a threshold fires or re-arms or those positions change, not on every tick, and written (atomically) by
 * {@link #flush()}, which the watcher calls every 250 ms and at close. A null path keeps nothing.
 */
public final class AlertStateStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, long[]> fired = new HashMap<>();   // subject → {firedMask, liquidated 0/1}
    /** Subject → the positions its state is about, by key (side, size, entry and opening mark only). */
    private final Map<String, Map<String, LivePosition>> held = new HashMap<>();
    /**
     * Subject → when its positions were last seen as {@link #held} (local ms, kept to within a minute while they stay): the
     * venue's records of what happened to them while perpguard was stopped are read from there.
     */
    private final Map<String, Long> heldAtMs = new HashMap<>();
    private boolean dirty;
    /** The last write taken ({@link #takeWrite}) and the last one done: an older one that comes late is not written. */
    private long taken, written;
    /** Said once at start when the file could not be read (it is kept aside and the state starts empty); null otherwise. */
    private String notice;

    /**
     * The state kept in {@code file} (null: nothing kept). A file that cannot be read — cut short by a power loss, say — is
     * moved aside ({@code <file>.unreadable-<ms>}) and the state starts empty, as on a first run ({@link #notice}): a crossing
     * already told may be told again, but the account is watched. It refused to start the watch before.
     */
    public AlertStateStore(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                read(file);
            } catch (IOException | RuntimeException e) {
                fired.clear();
                held.clear();
                heldAtMs.clear();
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
                try {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    throw new UncheckedIOException("alert state " + file + " unreadable and cannot be moved aside", moveFailed);
                }
                notice = "alert state " + file.getFileName() + " was unreadable (" + e.getClass().getSimpleName() + "); kept as "
                        + aside.getFileName() + ", starting with no alert told: a crossing told before may be told again";
            }
        }
    }

    /** The line to say at start when the state file was unreadable ({@link #AlertStateStore}); null when it was read. */
    public String notice() {
        return notice;
    }

    private void read(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(file));
        if (!root.isObject() && !root.isMissingNode()) {
            throw new IOException("not a JSON object");
        }
        root.fields().forEachRemaining(e -> {
            fired.put(e.getKey(), new long[]{e.getValue().path("fired").asLong(), e.getValue().path("liquidated").asBoolean() ? 1 : 0});
            Map<String, LivePosition> h = new TreeMap<>();
            e.getValue().path("holdings").fields().forEachRemaining(p -> h.put(p.getKey(), new LivePosition("",
                    "short".equals(p.getValue().path("side").asText()) ? Side.SHORT : Side.LONG, p.getValue().path("qty").asDouble(),
                    p.getValue().path("entryPrice").asDouble(), Double.NaN, MarginMode.CROSS, PositionSide.BOTH, 0, p.getValue().path("opened").asText(""))));
            if (!h.isEmpty()) {
                held.put(e.getKey(), h);
                if (e.getValue().has("heldAtMs")) {
                    heldAtMs.put(e.getKey(), e.getValue().path("heldAtMs").asLong());
                }
            }
        });
    }

    /** The remembered state of {@code subject} (only what fired), or INITIAL. */
    public synchronized AlertState load(String subject) {
        long[] f = fired.get(subject);
        return f == null ? AlertState.INITIAL
                : new AlertState(f[0], f[1] == 1, Double.NaN, Long.MIN_VALUE, Long.MIN_VALUE, Double.NaN, false);
    }

    /** Remembers a subject's fired thresholds when they changed; {@code null} state forgets it. */
    public synchronized void save(String subject, AlertState state) {
        long[] now = state == null ? null : new long[]{state.firedMask(), state.liquidated() ? 1 : 0};
        long[] before = fired.get(subject);
        if (now == null ? before == null : before != null && before[0] == now[0] && before[1] == now[1]) {
            return;
        }
        if (now == null) {
            fired.remove(subject);
            held.remove(subject);
            heldAtMs.remove(subject);
        } else {
            fired.put(subject, now);
        }
        dirty = true;
    }

    /**
     * The positions {@code subject}'s remembered state is about, by position key, as last saved (side, size, entry and the
     * venue's opening mark; for {@link LivePosition#sameHolding}); empty when none were saved.
     */
    public synchronized Map<String, LivePosition> holdings(String subject) {
        return held.getOrDefault(subject, Map.of());
    }

    /** When {@link #holdings} of {@code subject} were last seen so (local ms; within a minute), or null when not saved. */
    public synchronized Long holdingsAtMs(String subject) {
        return heldAtMs.get(subject);
    }

    /**
     * Remembers the positions a subject's remembered state is about (nothing while it has none), by position key, seen so
     * now: written when they changed, or at most once a minute while they stay ({@link #holdingsAtMs}).
     */
    public synchronized void saveHoldings(String subject, Map<String, LivePosition> positions) {
        if (!fired.containsKey(subject)) {
            return;
        }
        Map<String, LivePosition> now = new TreeMap<>();
        positions.forEach((k, p) -> now.put(k, new LivePosition("", p.side(), p.qty(), p.entryPrice(), Double.NaN, MarginMode.CROSS,
                PositionSide.BOTH, 0, p.opened())));
        long nowMs = System.currentTimeMillis();
        if (now.equals(held.getOrDefault(subject, Map.of()))) {
            Long at = heldAtMs.get(subject);
            if (at == null || nowMs - at >= 60_000) {
                heldAtMs.put(subject, nowMs);
                dirty = true;
            }
            return;
        }
        held.put(subject, now);
        heldAtMs.put(subject, nowMs);
        dirty = true;
    }

    /** Writes the state if it changed since the last flush. */
    public void flush() {
        Runnable w = takeWrite();
        if (w != null) {
            w.run();
        }
    }

    /**
     * The state as it is now, to be written by the returned task (null when it has not changed since the last one taken):
     * taken under the watcher's lock, written once the alerts raised with it are durable ({@link WatchSink#afterAlerts}).
     * A task run after a newer one writes nothing.
     */
    public synchronized Runnable takeWrite() {
        if (file == null || !dirty) {
            return null;
        }
        dirty = false;
        String json = render();
        long v = ++taken;
        return () -> write(json, v);
    }

    private String render() {
        ObjectNode root = JSON.createObjectNode();
        fired.forEach((k, v) -> {
            ObjectNode o = root.putObject(k).put("fired", v[0]).put("liquidated", v[1] == 1);
            Map<String, LivePosition> h = held.getOrDefault(k, Map.of());
            if (!h.isEmpty()) {
                if (heldAtMs.containsKey(k)) {
                    o.put("heldAtMs", heldAtMs.get(k));
                }
                ObjectNode hs = o.putObject("holdings");
                h.forEach((key, p) -> hs.putObject(key).put("side", p.side() == Side.SHORT ? "short" : "long").put("qty", p.qty())
                        .put("entryPrice", p.entryPrice()).put("opened", p.opened()));
            }
        });
        return root.toString();
    }

    private synchronized void write(String json, long version) {
        if (version <= written) {
            return;
        }
        written = version;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);   // on disk before it replaces the file: a power loss leaves the old state or the new, never a cut one
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alert state " + file, e);
        }
    }
}
