package io.perpguard.live.venue;

/**
 * The clock a connector keeps its rate-limit bookkeeping on: when a venue's pause ends (XT's 10-minute lock, a
 * Retry-After) and how far apart a venue's per-endpoint limits space the requests. The system clock in use; a test's
 * clock lets a 10-minute lock pass, and a burst be spaced, without waiting for it.
 */
public interface VenueClock {
    long millis();

    /** Waits {@code ms} on this clock. */
    void sleep(long ms) throws InterruptedException;

    VenueClock SYSTEM = new VenueClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long ms) throws InterruptedException {
            Thread.sleep(ms);
        }
    };
}
