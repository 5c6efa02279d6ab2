package io.perpguard.live.venue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perpguard.live.venue.FillReplay.CLOCK_MARGIN_MS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay of a leg's fills from the size last known, across the clocks' margin of error at the bound (the moment it was
 * last known, on the venue's clock): a fill stamped just before the bound may be one made after it, one stamped just after
 * may already be in the size last known. Each split of the fills near the bound is tried; only a verdict the splits that
 * end at the size read agree on is given.
 */
class FillReplayTest {
    static final long B = 1_000_000;   // the bound
    static final double EPS = 1e-9;

    static FillReplay.Fill f(String id, long t, double q) {
        return new FillReplay.Fill(id, t, q);
    }

    @Test
    void aCloseAndReopenStampedJustBeforeTheBound_isANewHolding() {
        List<FillReplay.Fill> fills = List.of(f("1", B - 400, -10), f("2", B - 300, 20));
        assertThat(FillReplay.reopened(fills, B, 10, 20, EPS, true)).isTrue();
        assertThat(FillReplay.readFrom(B)).isEqualTo(B - CLOCK_MARGIN_MS);
    }

    @Test
    void theFillThatMadeTheSizeLastKnown_stampedJustAfterTheBound_isNotCountedTwice() {
        // 10 bought (in the size last known, stamped 300 ms after the bound), then closed and 20 opened well after
        List<FillReplay.Fill> fills = List.of(f("1", B + 300, 10), f("2", B + 60_000, -10), f("3", B + 61_000, 20));
        assertThat(FillReplay.reopened(fills, B, 10, 20, EPS, true)).isTrue();
        // an add the same way: 10 bought (in it), 10 more well after
        assertThat(FillReplay.reopened(List.of(f("1", B + 300, 10), f("2", B + 60_000, 10)), B, 10, 20, EPS, true)).isFalse();
    }

    @Test
    void aFillReadTwice_countsOnce() {
        List<FillReplay.Fill> fills = List.of(f("7", B + 60_000, 10), f("7", B + 60_000, 10));
        assertThat(FillReplay.reopened(fills, B, 10, 20, EPS, true)).as("an add of 10, not of 20").isFalse();
    }

    @Test
    void splitsThatDisagree_tellNothing_andFillsEndingElsewhere_tellNothing() {
        // a sell just before and a buy just after the bound: either both after it (closed, reopened) or both in the size last
        // known (then only the later buy of 10 is after it: an add) — both end at 20
        List<FillReplay.Fill> fills = List.of(f("1", B - 100, -10), f("2", B + 100, 10), f("3", B + 60_000, 10));
        assertThat(FillReplay.reopened(fills, B, 10, 20, EPS, true)).isNull();
        assertThat(FillReplay.reopened(List.of(f("1", B + 60_000, 5)), B, 10, 20, EPS, true)).as("ends at 15, not 20").isNull();
        assertThat(FillReplay.reopened(List.of(f("1", B - CLOCK_MARGIN_MS - 1, -10), f("2", B + 60_000, 10)), B, 10, 20, EPS, true))
                .as("a fill before the margin is in the size last known: read or not, it is not replayed").isFalse();
    }

    @Test
    void anIncompleteRecord_tellsOnlyByACrossingInEverySplit() {
        assertThat(FillReplay.reopened(List.of(f("1", B + 60_000, -10), f("2", B + 61_000, 20)), B, 10, 20, EPS, false)).isTrue();
        assertThat(FillReplay.reopened(List.of(f("1", B + 60_000, 10)), B, 10, 20, EPS, false)).isNull();
    }
}
