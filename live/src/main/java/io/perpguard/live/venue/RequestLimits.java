package io.perpguard.live.venue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A venue's published request limits, obeyed before each REST call: every rule that applies to a request holds at most
 * {@code limit} requests in any {@code windowMs} (a sliding window — stricter than any fixed one), and a request that
 * would break one waits on the {@link VenueClock} until the oldest one in that window has left it. A venue's rules live
 * in its connector; this class knows no venue.
 * <p>The window is kept on send times, but the venue counts arrivals: two requests sent exactly a window apart arrive
 * less than a window apart whenever the first was delayed more on the way (XT's 1/s funding-rate limit saw two 999 ms
 * apart). So each request holds its slot for {@link #guardMs} beyond the window: 5 % of the window, at least 50 ms —
 * more than the spread of one connection's latency to a venue's edge, and a 1/s limit then paces at one per 1.05 s.
 */
public final class RequestLimits {
    /**
     * One published limit.
     *
     * @param name     what the venue calls it, for messages
     * @param bucket   the bucket a request counts in ({@code path}, {@code query}), or null when the rule does not
     *                 apply: one bucket for a per-endpoint limit, one per instrument for OKX's "IP + Instrument ID"
     * @param limit    requests allowed in a window
     * @param windowMs the window
     */
    public record Rule(String name, Bucket bucket, int limit, long windowMs) {
        /** The window a request holds its slot for here: the venue's window and the {@link #guardMs guard}. */
        public long heldMs() {
            return windowMs + guardMs(windowMs);
        }
    }

    /** The guard added to a window of {@code windowMs}: 5 % of it, at least 50 ms (see the class comment). */
    public static long guardMs(long windowMs) {
        return Math.max(MIN_GUARD_MS, windowMs / 20);
    }

    /** The smallest guard: 50 ms. */
    public static final long MIN_GUARD_MS = 50;

    @FunctionalInterface
    public interface Bucket {
        /** The bucket of a request to {@code path} with {@code query} (no '?'), or null when the rule does not apply. */
        String of(String path, String query);
    }

    /** No limits. */
    public static final RequestLimits NONE = new RequestLimits(List.of(), VenueClock.SYSTEM);

    private final List<Rule> rules;
    private final VenueClock clock;
    private final Map<String, ArrayDeque<Long>> sent = new HashMap<>();

    public RequestLimits(List<Rule> rules, VenueClock clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Waits until a request to {@code path} breaks none of the rules, then counts it. */
    public synchronized void acquire(String path, String query) throws InterruptedException {
        if (rules.isEmpty()) {
            return;
        }
        while (true) {
            long now = clock.millis();
            long wait = 0;
            for (Rule r : rules) {
                String b = r.bucket().of(path, query);
                if (b == null) {
                    continue;
                }
                ArrayDeque<Long> d = sent.computeIfAbsent(r.name() + "|" + b, k -> new ArrayDeque<>());
                while (!d.isEmpty() && d.peekFirst() <= now - r.heldMs()) {
                    d.pollFirst();
                }
                if (d.size() >= r.limit()) {
                    wait = Math.max(wait, d.peekFirst() + r.heldMs() - now);
                }
            }
            if (wait <= 0) {
                for (Rule r : rules) {
                    String b = r.bucket().of(path, query);
                    if (b != null) {
                        sent.get(r.name() + "|" + b).addLast(now);
                    }
                }
                return;
            }
            clock.sleep(wait);
        }
    }

    /** The value of {@code name} in a query string ({@code a=1&b=2}), or "" when absent. */
    public static String param(String query, String name) {
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return kv.substring(eq + 1);
            }
        }
        return "";
    }
}
