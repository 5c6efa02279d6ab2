package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --account}: a position in a symbol no contract of the venue knows (DOGEXUSDT) was summed into the
 * exposure at its entry ("gross exposure of the account after the trade is 12.96× equity") where {@code calc --account}
 * and {@code portfolio} refuse it; now refused in one line naming it.
 */
class CheckAccountSymbolTest {
    @TempDir
    Path dir;

    @Test
    void anAccountPositionInAnUnknownSymbol_isRefused() throws Exception {
        Path account = dir.resolve("a.json");
        Files.writeString(account, "{\"walletBalance\": 1000, \"positions\": [{\"symbol\": \"DOGEXUSDT\", \"side\": \"long\", \"qty\": 0.1,"
                + " \"entryPrice\": 60000, \"leverage\": 10}]}");
        CliRun r = CliRun.of("check", "--plan", Repo.path("docs/examples/trader-b.json"), "--account", account.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: account.positions[0].symbol: unknown symbol DOGEXUSDT; known: BTCUSDT, ETHUSDT, SOLUSDT");
        assertThat(r.err().lines()).hasSize(1);
    }
}
