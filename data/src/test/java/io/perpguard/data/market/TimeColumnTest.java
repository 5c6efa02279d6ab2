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

    /**
     * Every text form, read by its shape (one parse a cell, no exception tried and caught): the time written in each form
     * of a random instant reads back as that instant, to the precision the form carries.
     */
    @Property(tries = 300)
    void test_everyTextForm_readsTheInstantItWrites(@ForAll @LongRange(min = 0L, max = 4_102_444_799_999L) long ms) {
        java.time.OffsetDateTime t = java.time.Instant.ofEpochMilli(ms).atOffset(java.time.ZoneOffset.UTC);
        long toSecond = ms - Math.floorMod(ms, 1000L), toMinute = ms - Math.floorMod(ms, 60_000L), toDay = ms - Math.floorMod(ms, 86_400_000L);
        String date = t.toLocalDate().toString();
        String hms = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        String millis = String.format(".%03d", t.getNano() / 1_000_000);
        assertThat(TimeColumn.toEpochMs(date)).isEqualTo(toDay);
        assertThat(TimeColumn.toEpochMs(date + " " + hms)).isEqualTo(toSecond);
        assertThat(TimeColumn.toEpochMs(" " + date + " " + hms.substring(0, 5) + " ")).isEqualTo(toMinute);
        assertThat(TimeColumn.toEpochMs(date + "T" + hms + millis)).isEqualTo(ms);
        assertThat(TimeColumn.toEpochMs(date + "T" + hms + millis + "Z")).isEqualTo(ms);
        assertThat(TimeColumn.toEpochMs(date + "t" + hms + "z")).isEqualTo(toSecond);
        java.time.OffsetDateTime ny = t.atZoneSameInstant(java.time.ZoneOffset.ofHours(-5)).toOffsetDateTime();
        assertThat(TimeColumn.toEpochMs(ny.toString())).isEqualTo(ms);
        assertThat(TimeColumn.toEpochMs(t.atZoneSameInstant(java.time.ZoneOffset.ofHoursMinutes(5, 30)).toOffsetDateTime().toString())).isEqualTo(ms);
    }

    @Test
    void test_whatIsNotATime_isRefusedNamingTheCell() {
        for (String bad : new String[]{"", "yesterday", "2024-13-01", "2024-01-01 25:00", "2024-01-01T08:00:00+25:00", "2024-01-01 08:00:00Z",
                "2024-01-0108:00", "2024-01-01T08", "2024/01/01", "1.7e12", "2024-02-30 08:00:00"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeColumn.toEpochMs(bad)).as("'%s'", bad)
                    .isInstanceOf(NumberFormatException.class).hasMessageContaining("is not a time");
        }
        // a leap second, as an instant reads it
        assertThat(TimeColumn.toEpochMs("2016-12-31T23:59:60Z")).isEqualTo(TimeColumn.toEpochMs("2016-12-31T23:59:59Z"));
    }
}
