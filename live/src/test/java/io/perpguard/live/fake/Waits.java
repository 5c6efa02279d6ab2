package io.perpguard.live.fake;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting for observable state in tests over sockets (never for a fixed time, never for one pushed message). */
public final class Waits {
    private Waits() {
    }

    /**
     * Polls {@code condition} every 20 ms for up to 60 s; fails naming {@code what}. It returns as soon as the condition
     * holds, so the cap only matters on a failure: 15 s timed out a browser test at load 32 on 2 cores (CI beside fits).
     */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out waiting for: " + what);
    }

    public static void await(BooleanSupplier condition) throws InterruptedException {
        await("the condition", condition);
    }
}
