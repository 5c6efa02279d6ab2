package io.perpguard.live;

import io.perpguard.live.keys.KeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code watch --exchange okx} without a key said "set PERPGUARD_OKX_KEY and PERPGUARD_OKX_SECRET"; once both were set, a
 * second refusal asked for PERPGUARD_OKX_PASSPHRASE. The first line names all three for a venue whose keys have one.
 */
class LiveOptionsKeyWordsTest {
    private final Function<String, String> saved = LiveOptions.env;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void restore() {
        LiveOptions.env = saved;
    }

    private LiveOptions watching(String exchange) {
        LiveOptions.env = env::get;
        LiveOptions o = new LiveOptions();
        o.exchange = exchange;
        return o;
    }

    @Test
    void test_okxWithoutAKey_namesItsPassphraseVariableToo_binanceDoesNot() {
        assertThatThrownBy(() -> watching("okx").accounts()).isInstanceOf(KeyException.class)
                .hasMessage("no API key: set PERPGUARD_OKX_KEY, PERPGUARD_OKX_SECRET and PERPGUARD_OKX_PASSPHRASE (a read-only key), or pass --key-file");
        assertThatThrownBy(() -> watching("binance").accounts()).isInstanceOf(KeyException.class)
                .hasMessage("no API key: set PERPGUARD_BINANCE_KEY and PERPGUARD_BINANCE_SECRET (a read-only key), or pass --key-file");
    }
}
