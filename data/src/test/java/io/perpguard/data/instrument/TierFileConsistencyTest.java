package io.perpguard.data.instrument;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tier file either describes consistent tiers once per symbol, or it is refused naming the problem. */
class TierFileConsistencyTest {
    @TempDir
    Path dir;

    private static final String TWO = "{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":50000,\"notionalFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0},"
            + "{\"bracket\":2,\"initialLeverage\":100,\"notionalCap\":600000,\"notionalFloor\":50000,\"maintMarginRatio\":0.005,\"cum\":%s}";

    private Path file(String json) throws Exception {
        Path f = dir.resolve("tiers.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void test_consistentCum_isAccepted() throws Exception {
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50") + "]}]");
        assertThat(TierTables.readLeverageBrackets(f)).containsKey("BTCUSDT");
    }

    @Test
    void test_inconsistentMaintenanceAmount_isRefused() throws Exception {
        Path f = file("[{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "500") + "]}]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("brackets[1].cum").hasMessageContaining("expected 50");
    }

    @Test
    void test_symbolListedTwice_isRefused_notLastWins() throws Exception {
        String one = "{\"symbol\":\"BTCUSDT\",\"brackets\":[" + String.format(TWO, "50") + "]}";
        Path f = file("[" + one + "," + one.replace("125", "20") + "]");
        assertThatThrownBy(() -> TierTables.readLeverageBrackets(f)).hasMessageContaining("listed twice");
    }
}
