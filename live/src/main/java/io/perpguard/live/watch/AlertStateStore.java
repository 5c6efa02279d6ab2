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

/**
 * Which thresholds have fired per subject, kept in a small JSON file so a restarted watcher does not alert a
 * crossing it has already alerted. Changed only when a threshold fires or re-arms, not on every tick, and written
 * (atomically) by {@link #flush()}, which the watcher calls every 250 ms and at close. A null path keeps nothing.
 */
public final class AlertStateStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, long[]> fired = new HashMap<>();   // subject → {firedMask, liquidated 0/1}
    private boolean dirty;

    public AlertStateStore(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                JsonNode root = JSON.readTree(Files.readString(file));
                root.fields().forEachRemaining(e -> fired.put(e.getKey(),
                        new long[]{e.getValue().path("fired").asLong(), e.getValue().path("liquidated").asBoolean() ? 1 : 0}));
            } catch (IOException e) {
                throw new UncheckedIOException("alert state " + file + " unreadable", e);
            }
        }
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
        } else {
            fired.put(subject, now);
        }
        dirty = true;
    }

    /** Writes the state if it changed since the last flush. */
    public synchronized void flush() {
        if (file == null || !dirty) {
            return;
        }
        dirty = false;
        ObjectNode root = JSON.createObjectNode();
        fired.forEach((k, v) -> root.putObject(k).put("fired", v[0]).put("liquidated", v[1] == 1));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, root.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alert state " + file, e);
        }
    }
}
