package io.perpguard.server;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;

/**
 * A desk in its own process, as {@code perpguard serve --replay-speed 0} runs it, for the tests that kill it with
 * SIGKILL or stop it with SIGSTOP: {@code DeskChild JDBC_URL PORT}; prints {@code PORT n} once it serves.
 */
public final class DeskChild {
    private DeskChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        DeskServer s = DeskServer.start(new DeskConfig("127.0.0.1", Integer.parseInt(args[1]), args[0], 0, DeskConfig.DEFAULT_WARMUP,
                AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY));
        System.out.println("PORT " + s.port());
        System.out.flush();
        s.join();
    }
}
