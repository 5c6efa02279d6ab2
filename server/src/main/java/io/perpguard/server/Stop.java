package io.perpguard.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the desk's background threads: a close returns once a task already running has finished its write. */
final class Stop {
    private static final long WAIT_SECONDS = 5;

    private Stop() {
    }

    /** Interrupts {@code e}'s tasks and waits up to five seconds for a running one to end (its database write included). */
    static void now(ExecutorService e) {
        e.shutdownNow();
        try {
            e.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
