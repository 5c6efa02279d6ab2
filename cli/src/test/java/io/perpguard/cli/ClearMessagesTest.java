package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mistakes that used to end in a timeout, an internal error or a misleading message: one clear line now. */
class ClearMessagesTest {
    @Test
    void test_streamThreads0_failsAtOnce_namingThreads_notTheCluster() throws Exception {
        // "at once" = before any connection to the cluster: a listening socket stands for the broker and must have
        // accepted nothing (a bound of 10 s of wall time stood for this, which a loaded machine can cross)
        try (ServerSocket broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("stream", "--bootstrap-servers", "127.0.0.1:" + broker.getLocalPort(), "--threads", "0");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("threads").contains("outside 1 to 64").doesNotContain("cluster");
            broker.setSoTimeout(100);   // a connection made during the run is already queued by the kernel
            assertThatThrownBy(broker::accept).as("no connection to the broker").isInstanceOf(SocketTimeoutException.class);
        }
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
        CliRun big = CliRun.of("simulate", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--policy", "b", "--paths", "99999999999");
        assertThat(big.exit()).isEqualTo(2);
        // ... and then "is too large (at most 2,147,483,647)", the int's maximum, not the command's range
        assertThat(big.err()).startsWith("error: paths: 99,999,999,999 is outside the allowed range 1 to 100,000,000").hasLineCount(1);
        CliRun threads = CliRun.of("simulate", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--policy", "b", "--paths", "10",
                "--threads", "1e12");
        assertThat(threads.exit()).isEqualTo(2);
        assertThat(threads.err()).startsWith("error: threads: 1,000,000,000,000 is outside the allowed range 1 to 1,024").hasLineCount(1);
        CliRun trades = CliRun.of("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--trades", "1e12");
        assertThat(trades.exit()).isEqualTo(2);
        assertThat(trades.err()).startsWith("error: trades: 1,000,000,000,000 is outside the allowed range 1 to 100,000").hasLineCount(1);
        CliRun paths = CliRun.of("recovery", "--win-rate", "0.45", "--payoff", "1.5", "--risk-pct", "10", "--paths", "2.5");
        assertThat(paths.err()).startsWith("error: paths: 2.5 is not a whole number").hasLineCount(1);
        CliRun frac = CliRun.of("stops", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--side", "long", "--entry", "42314",
                "--atr", "1.5");
        assertThat(frac.exit()).isEqualTo(2);
        assertThat(frac.err()).startsWith("error: atr: 1.5 is not a whole number").hasLineCount(1);
        // the other counts say their command's range, as given, not the int's maximum
        for (String[] c : new String[][]{
                {"portfolio", "--account", MoneyJsonTest.ROOT + "/docs/examples/single.json", "--window", "1e12", "window", "2 to 100,000"},
                {"kelly", "--win-rate", "0.55", "--payoff", "1.5", "--resamples", "1e12", "resamples", "100 to 100,000"},
                {"funding", "--notional", "500000", "--leverage", "50", "--rate", "0.0005", "--drift-rows", "1e12", "drift-rows", "0 to 100,000"},
                {"stops", "--candles", MoneyJsonTest.SAMPLES + "/candles/BTCUSDT-1h-futures-2023.csv", "--side", "long", "--entry", "42314",
                        "--atr", "99999999999", "atr", "1 to 10,000"}}) {
            CliRun r = CliRun.of(java.util.Arrays.copyOf(c, c.length - 2));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: " + c[c.length - 2] + ": ").contains("is outside the allowed range " + c[c.length - 1])
                    .doesNotContain("2,147,483,647").hasLineCount(1);
        }
        CliRun seed = CliRun.of("simulate", "--candles", Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"), "--policy", "b", "--paths", "10",
                "--seed", "abc");
        assertThat(seed.err()).contains("'abc' is not a whole number");
    }

    @Test
    void test_picocliOwnErrorWord_isNotRepeated() {
        // "error: Error: --risk-pct=P, --risk-amount=AMOUNT are mutually exclusive"
        CliRun r = CliRun.of("size", "--equity", "10000", "--risk-amount", "200", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "10", "--symbol", "BTCUSDT");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --risk-pct=P, --risk-amount=AMOUNT are mutually exclusive").doesNotContain("Error:");
    }
}
