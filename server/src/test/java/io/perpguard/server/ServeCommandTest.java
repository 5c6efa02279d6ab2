package io.perpguard.server;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --bind}: other machines get a token (generated when none is given), loopback needs none. */
class ServeCommandTest {
    @Test
    void test_bindAllInterfaces_withoutToken_generatesOne() {
        DeskAccess a = ServeCommand.access("0.0.0.0", null, null, null);
        assertThat(a.token()).isNotNull().hasSizeGreaterThanOrEqualTo(40);
        assertThat(ServeCommand.access("0.0.0.0", null, null, null).token()).isNotEqualTo(a.token());
    }

    @Test
    void test_givenToken_orEnvironment_isUsed() {
        assertThat(ServeCommand.access("0.0.0.0", "given-token-0123456789", "env-token-0123456789", null).token()).isEqualTo("given-token-0123456789");
        assertThat(ServeCommand.access("10.0.0.5", null, "env-token-0123456789", List.of("desk.lan")).token()).isEqualTo("env-token-0123456789");
    }

    @Test
    void test_loopback_needsNoToken() {
        assertThat(ServeCommand.access("127.0.0.1", null, null, null).token()).isNull();
        assertThat(ServeCommand.access("localhost", null, "", null).token()).isNull();
    }

    @Test
    void test_tooShortToken_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeCommand.access("127.0.0.1", "short", null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token");
    }
}
