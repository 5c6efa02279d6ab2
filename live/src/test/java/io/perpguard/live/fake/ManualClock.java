package io.perpguard.live.fake;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until the test moves it: staleness timers pass when the test says, not when a slow run does. */
public final class ManualClock extends Clock implements io.perpguard.live.venue.VenueClock {
    private final AtomicLong millis;

    public ManualClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /** Moves the clock forward by {@code ms}. */
    public void advance(long ms) {
        millis.addAndGet(ms);
    }

    /** Waiting on this clock moves it: a connector's spacing of requests passes at once. */
    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
