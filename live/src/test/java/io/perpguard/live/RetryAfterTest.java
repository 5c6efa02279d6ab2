package io.perpguard.live;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

final class RetryAfterTest {
    static final long NOW = Instant.parse("2026-12-01T17:00:00Z").toEpochMilli();

    @Test
    void seconds() {
        assertThat(RetryAfter.millis("120", NOW, -7)).isEqualTo(120_000);
        assertThat(RetryAfter.millis(" 1.5 ", NOW, -7)).isEqualTo(1_500);
        assertThat(RetryAfter.millis("0", NOW, -7)).isZero();
    }

    @Test
    void anHttpDate_isTheTimeLeftUntilIt() {
        assertThat(RetryAfter.millis("Tue, 1 Dec 2026 17:10:00 GMT", NOW, -7)).isEqualTo(600_000);
        assertThat(RetryAfter.millis("Tue, 01 Dec 2026 17:00:30 GMT", NOW, -7)).isEqualTo(30_000);
        assertThat(RetryAfter.millis("Tue, 1 Dec 2026 16:00:00 GMT", NOW, -7)).as("already past").isZero();
    }

    @Test
    void neither_isTheCallersDefault() {
        assertThat(RetryAfter.millis("soon", NOW, -7)).isEqualTo(-7);
        assertThat(RetryAfter.millis("-5", NOW, -7)).isEqualTo(-7);
        assertThat(RetryAfter.millis("NaN", NOW, -7)).isEqualTo(-7);
        assertThat(RetryAfter.millis("", NOW, -7)).isEqualTo(-7);
    }
}
