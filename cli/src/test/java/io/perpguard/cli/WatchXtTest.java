package io.perpguard.cli;

import io.perpguard.live.LiveOptions;
import io.perpguard.live.fake.FakeXt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code perpguard watch --exchange xt}: the key contract (its leak grep and alert path run in LiveSecretsTest and XtEndToEndTest). */
class WatchXtTest {
    @AfterEach
    void tearDown() {
        LiveOptions.env = System::getenv;
    }

    @Test
    void noKeyNamesTheXtVariable_andAWrongKeyIsOneLineWithoutTheKey() {
        LiveOptions.env = Map.<String, String>of()::get;
        CliRun r = CliRun.of("watch", "--exchange", "xt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_XT_KEY");

        String key = "xtCliKey-1f2e3d4c5b6a", secret = "xtclisecret9z8y7x6w5v";
        try (FakeXt fake = new FakeXt(key, secret).echoKeyInErrors(true)) {
            LiveOptions.env = Map.of("PERPGUARD_XT_KEY", key + "Q", "PERPGUARD_XT_SECRET", secret)::get;
            r = CliRun.of("watch", "--exchange", "xt", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("apikey not exist").contains("***").doesNotContain(key).doesNotContain(secret);
        }
    }
}
