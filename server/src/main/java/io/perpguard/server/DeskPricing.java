package io.perpguard.server;

import io.perpguard.instrument.Instruments;

import java.util.Map;

/**
 * How the desk prices one sub-account: the instruments of its venue (so each venue's own convention and tiers
 * apply), the marks it is priced at, what those marks are, and whether they are current. The replay desk prices every
 * sub-account alike; {@code serve --live} prices a mirrored account by its venue at that account's own live marks
 * ({@link LiveDesk}).
 */
interface DeskPricing {
    /**
     * @param instruments the venue's contracts and tiers
     * @param marks       marks by symbol; a symbol left out is priced at its stored mark
     * @param markSource  what the marks are: {@code replay}, {@code live:<venue>}, {@code stored}
     * @param stale       the marks are not current (the account's feed is down or silent)
     * @param staleReason why, or null
     */
    record Context(Instruments instruments, Map<String, Double> marks, String markSource, boolean stale, String staleReason) {
    }

    Context of(DeskStore.SubAccountRow sub, Map<String, Double> deskMarks);

    /** Every sub-account priced alike at the desk's marks. */
    static DeskPricing uniform(Instruments instruments, MarkSource source) {
        return (sub, marks) -> new Context(instruments, marks, source.kind(), false, null);
    }
}
