package io.perpguard.live;

import io.perpguard.InvalidInputException;
import io.perpguard.live.venue.ConnectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** watch --config: a misspelled field is refused with the nearest name, not ignored (found by the bad-input sweep). */
class LiveConfigTest {
    @TempDir
    Path dir;

    static final Map<String, String> ENV = Map.of("PERPGUARD_BINANCE_KEY", "k".repeat(64), "PERPGUARD_BINANCE_SECRET", "s".repeat(64));

    @Test
    void test_validConfig_isRead_aMisspelledFieldIsRefusedNamingIt() throws Exception {
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"accounts\":[{\"name\":\"swing\",\"exchange\":\"binance\"}],\"webhooks\":[\"https://hooks.example.com/x\"]}");
        LiveConfig.Parsed p = LiveConfig.read(ok, ENV, ConnectorConfig.defaults());
        assertThat(p.accounts()).hasSize(1);
        assertThat(p.webhooks()).containsExactly("https://hooks.example.com/x");

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"accounts\":[{\"nmae\":\"swing\",\"exchange\":\"binance\"}]}");
        assertThatThrownBy(() -> LiveConfig.read(typo, ENV, ConnectorConfig.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accounts[0].nmae: unknown field (did you mean 'name'?)");
        Path hooks = dir.resolve("hooks.json");
        Files.writeString(hooks, "{\"accounts\":[{\"exchange\":\"binance\"}],\"webhook\":[\"https://x\"]}");
        assertThatThrownBy(() -> LiveConfig.read(hooks, ENV, ConnectorConfig.defaults()))
                .hasMessageContaining("webhook: unknown field (did you mean 'webhooks'?)");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"accounts\":[");
        assertThatThrownBy(() -> LiveConfig.read(broken, ENV, ConnectorConfig.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("malformed JSON at line 1");
    }

    @Test
    void test_anUnknownExchange_isNamed_beforeAnyKeyIsLookedFor() throws Exception {
        // "binanc" was answered "no API key: set PERPGUARD_BINANC_KEY and PERPGUARD_BINANC_SECRET"
        Path f = dir.resolve("venue.json");
        Files.writeString(f, "{\"accounts\":[{\"name\":\"x\",\"exchange\":\"binanc\"}]}");
        assertThatThrownBy(() -> LiveConfig.read(f, ENV, ConnectorConfig.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessage("accounts[0].exchange: binanc is not supported for live watching; known: binance, binance-coinm, bybit, okx, xt");
    }
}
