package io.perpguard.data.market;

import io.perpguard.data.json.EpochTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One timestamp rule: files and options ({@link TimeColumn}) and JSON numbers ({@link EpochTime}) read a time alike. */
class TimeColumnTest {
    static final long NOW = 1_800_000_000_000L;

    @Test
    void test_unitsByMagnitude_andTextForms() {
        assertThat(TimeColumn.toEpochMs("1700000000")).isEqualTo(1_700_000_000_000L);
        assertThat(TimeColumn.toEpochMs("1700000000123")).isEqualTo(1_700_000_000_123L);
        assertThat(TimeColumn.toEpochMs("1700000000123456")).isEqualTo(1_700_000_000_123L);
        assertThat(TimeColumn.toEpochMs("1700000000123456789")).isEqualTo(1_700_000_000_123L);
        assertThat(TimeColumn.toEpochMs("2024-01-01 08:00")).isEqualTo(TimeColumn.toEpochMs("2024-01-01T08:00:00Z"));
        assertThat(TimeColumn.toEpochMs("2024-01-01")).isEqualTo(1_704_067_200_000L);
    }

    @Property(tries = 300)
    void test_fileAndJsonReadersAgree_inEveryUnit(@ForAll @LongRange(min = 1_300_000_000_000L, max = 1_790_000_000_000L) long ms) {
        long s = ms / 1000;
        long us = ms * 1000 + 999;
        for (long v : new long[]{s, ms, us}) {
            assertThat(EpochTime.millis("t", v, NOW, 0)).as("%s", v).isEqualTo(TimeColumn.toEpochMs(Long.toString(v)));
        }
        // a nanosecond count does not fit a JSON double exactly (about 256 ns apart): within a millisecond
        long ns = ms * 1_000_000;
        assertThat(TimeColumn.toEpochMs(Long.toString(ns))).isEqualTo(ms);
        assertThat(EpochTime.millis("t", ns, NOW, 0)).isBetween(ms - 1, ms);
    }
}
