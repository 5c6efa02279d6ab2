package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Mistakes that used to end in a timeout, an internal error or a misleading message: one clear line now. */
class ClearMessagesTest {
    @Test
    void test_streamThreads0_failsAtOnce_namingThreads_notTheCluster() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("stream", "--bootstrap-servers", "127.0.0.1:1", "--threads", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("threads").contains("outside 1 to 64").doesNotContain("cluster");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void test_inMemoryDatabaseUrl_works() {
        CliRun r = CliRun.of("journal", "list", "--db", "jdbc:h2:mem:clear-messages");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void test_h2ServerModeUrl_isRefused_withTheReason() {
        CliRun r = CliRun.of("journal", "list", "--db", "jdbc:h2:file:/tmp/pg-x;AUTO_SERVER=TRUE");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("server mode");
    }

    @Test
    void test_serveWithATooShortToken_isOneLineExit2() {
        CliRun r = CliRun.of("serve", "--bind", "127.0.0.1", "--port", "0", "--token", "short", "--db", "jdbc:h2:mem:serve-short");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("token").doesNotContain("\tat ");
    }
}
