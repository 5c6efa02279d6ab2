package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} of a plan whose leverage is above the bracket of its size: bad input in one line naming {@code leverage} and
 * the bracket's maximum, exit 2, as {@code calc} refuses it — it was a failed checklist rule (exit 1, a table printed).
 */
class CheckLeverageAboveBracketTest {
    @TempDir
    Path dir;

    private Path plan(double leverage) throws Exception {
        Path p = dir.resolve("plan-" + leverage + ".json");
        Files.writeString(p, Files.readString(Path.of(Repo.path("docs/examples/trader-b.json"))).replace("\"leverage\": 10", "\"leverage\": " + leverage));
        return p;
    }

    @Test
    void leverageAboveTheBracket_isRefusedInOneLine_exit2() throws Exception {
        for (String json : new String[]{null, "--json"}) {
            CliRun r = json == null ? CliRun.of("check", "--plan", plan(300).toString()) : CliRun.of("check", "--plan", plan(300).toString(), json);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("error: leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 (bracket 1: 0 to 50,000); "
                    + "no BTCUSDT tier allows 300x (highest 125x)" + System.lineSeparator());
        }
        // calc refuses the same position in the same words
        CliRun calc = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.116", "--leverage", "300");
        assertThat(calc.exit()).isEqualTo(2);
        assertThat(calc.err()).contains("leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 (bracket 1: 0 to 50,000)");
        // within the bracket, the plan is checked as before
        assertThat(CliRun.of("check", "--plan", plan(10).toString()).exit()).isZero();
    }
}
