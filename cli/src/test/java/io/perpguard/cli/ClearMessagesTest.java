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

    @Test
    void test_aWholeNumberTooLarge_isSaidSo_notCalledNotAnInt() {
        // picocli answered '99999999999' is not an int, as if it had a decimal point
        CliRun big = CliRun.of("simulate", "--candles", "../samples/candles/BTCUSDT-1h-futures-2023.csv", "--policy", "b", "--paths", "99999999999");
        assertThat(big.exit()).isEqualTo(2);
        assertThat(big.err()).startsWith("error: Invalid value for option '--paths': '99999999999' is too large (at most 2,147,483,647)");
        CliRun frac = CliRun.of("stops", "--candles", "../samples/candles/BTCUSDT-1h-futures-2023.csv", "--side", "long", "--entry", "42314",
                "--atr", "1.5");
        assertThat(frac.exit()).isEqualTo(2);
        assertThat(frac.err()).contains("'1.5' is not a whole number");
        CliRun seed = CliRun.of("simulate", "--candles", "../samples/candles/BTCUSDT-1h-futures-2023.csv", "--policy", "b", "--paths", "10",
                "--seed", "abc");
        assertThat(seed.err()).contains("'abc' is not a whole number");
    }
}
