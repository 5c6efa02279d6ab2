package io.perpguard.live.venue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account's own records of one position's leg since it was last known — fills, or orders where the venue's fills carry no
 * leg — replayed from the size it had to tell a holding closed and opened again from an add ({@link ExchangeConnector#reopenedSince}),
 * across the clocks' error. The moment the position was last known is the local clock's; the venue is asked from that moment
 * plus the measured clock offset (the {@code bound}), which is measured to a round trip and stamps the venue's time endpoint,
 * not its matching engine: a fill made just after that moment can carry a stamp just before the bound (missed: the replay
 * tells nothing, and the watcher falls back on the entry), and one made just before it, already in the size last known, a
 * stamp just after (counted twice). So the records are read from {@link #CLOCK_MARGIN_MS} before the bound, each counted once
 * by its id, and those within the margin either side of the bound may or may not be in the size last known: the first
 * {@code k} of them are taken as in it, for every {@code k}, and only a verdict every split that ends at the size read agrees
 * on is given.
 */
public final class FillReplay {
    /**
     * How far either side of the bound a record may lie on the wrong side of it: 2 s, beyond the round trip the offset is
     * measured to (a few ms to a few hundred) and the drift of a venue's engine clock from its time endpoint, and well inside
     * the minute between snapshots. A wider margin costs nothing but ambiguity: more records whose side is tried both ways.
     */
    public static final long CLOCK_MARGIN_MS = 2_000;

    private FillReplay() {
    }

    /**
     * One record on the position's leg.
     *
     * @param id        the venue's id of it (a trade id, an order id): a record read twice counts once
     * @param timeMs    its stamp, on the venue's clock
     * @param signedQty what it did to the leg's signed size, in base units (a buy +, a sell −)
     */
    public record Fill(String id, long timeMs, double signedQty) {
    }

    /** Where to ask the venue's records from: the bound less the margin. */
    public static long readFrom(long boundMs) {
        return boundMs - CLOCK_MARGIN_MS;
    }

    /**
     * Whether the leg went through 0 (closed, or reversed) after it was last known as {@code earlierSigned}: true — what is held
     * now, {@code nowSigned}, was opened since; false — added to; null — the records do not tell (no split of the records near
     * the bound ends at the size read, or the splits that do disagree).
     *
     * @param fills    the records read from {@link #readFrom}, oldest first as the venue lists them (re-sorted by stamp, stably)
     * @param boundMs  the moment the position was last known, on the venue's clock
     * @param eps      the size below which a leg is closed
     * @param complete whether every record since {@link #readFrom} was read: where not, only a crossing of 0 in every split tells
     */
    public static Boolean reopened(List<Fill> fills, long boundMs, double earlierSigned, double nowSigned, double eps, boolean complete) {
        Map<String, Fill> byId = new LinkedHashMap<>();
        for (Fill f : fills) {
            if (f.timeMs() >= readFrom(boundMs)) {
                byId.putIfAbsent(f.id(), f);
            }
        }
        List<Fill> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(Fill::timeMs));
        int near = 0;   // the records within the margin of the bound: a prefix of them may be in the size last known
        while (near < sorted.size() && sorted.get(near).timeMs() <= boundMs + CLOCK_MARGIN_MS) {
            near++;
        }
        int sign = earlierSigned > 0 ? 1 : -1;
        Boolean verdict = null;
        for (int k = 0; k <= near; k++) {
            double size = earlierSigned;
            boolean crossed = false;
            for (int i = k; i < sorted.size(); i++) {
                size += sorted.get(i).signedQty();
                if (Math.abs(size) <= eps || Math.signum(size) != sign) {
                    crossed = true;
                }
            }
            if (!complete) {
                if (!crossed) {
                    return null;   // the rest unread: only a crossing tells, and this split has none in what was read
                }
                verdict = Boolean.TRUE;
            } else if (Math.abs(size - nowSigned) <= eps) {
                if (verdict != null && verdict != crossed) {
                    return null;   // the records near the bound leave it open: one split says an add, another a new holding
                }
                verdict = crossed;
            }
        }
        return verdict;
    }
}
