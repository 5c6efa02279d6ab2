package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listening failures are one line naming the cause: a taken port is not an unreachable address, and vice versa. */
class BindFailureTest {
    static DeskConfig config(String bind, int port) {
        return new DeskConfig(bind, port, "jdbc:h2:mem:bind-" + UUID.randomUUID(), 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY);
    }

    @Test
    void test_portInUse_saysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> DeskServer.start(config("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("already in use").hasMessageContaining("--port")
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("port"));
        }
    }

    /**
     * In a real process the one line is all the user sees: Javalin's own "[main] ERROR io.javalin.Javalin - Failed to start
     * Javalin" log line used to come first (simplelogger.properties now silences that logger).
     */
    @Test
    void test_portInUse_inARealProcess_isOneLineOnStderr() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(javaBin, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", cp,
                    BindFailureChild.class.getName(), Integer.toString(taken.getLocalPort())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isEqualTo(2);
            assertThat(out.strip().lines().toList()).as(out).hasSize(1);
            assertThat(out).startsWith("error: port: " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void test_addressOfAnotherMachine_isNotCalledPortInUse() {
        // 127.0.0.1 is loopback but 192.0.2.1 (TEST-NET-1) is no address of this machine; a token makes it pass the guard
        assertThatThrownBy(() -> DeskServer.start(config("192.0.2.1", 0).withAccess(new DeskAccess("0123456789abcdef-token", java.util.List.of()))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot listen on 192.0.2.1").hasMessageNotContaining("in use")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("bind"));
    }
}
