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

    @Test
    void test_addressOfAnotherMachine_isNotCalledPortInUse() {
        // 127.0.0.1 is loopback but 192.0.2.1 (TEST-NET-1) is no address of this machine; a token makes it pass the guard
        assertThatThrownBy(() -> DeskServer.start(config("192.0.2.1", 0).withAccess(new DeskAccess("0123456789abcdef-token", java.util.List.of()))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot listen on 192.0.2.1").hasMessageNotContaining("in use")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("bind"));
    }
}
