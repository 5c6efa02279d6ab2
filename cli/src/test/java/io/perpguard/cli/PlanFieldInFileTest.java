package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan file's field refused after the file was read — by replay's and check's own checks, not the file's reader — names
 * the file as the reader's errors do: replay's {@code plan.equity: 1e308 ...} and check's {@code entryPrice: 1e308 ...}
 * lacked "(in FILE)" while {@code plan.leverage: 0 ...} had it.
 */
class PlanFieldInFileTest {
    @TempDir
    Path dir;

    private Path edited(String example, String from, String to) throws Exception {
        Path p = dir.resolve("plan-" + Math.abs((from + to).hashCode()) + ".json");
        String text = Files.readString(Path.of(Repo.path("docs/examples/" + example)));
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
        return p;
    }

    @Test
    void replay_planFieldsCheckedByTheReplay_nameTheFile() throws Exception {
        String candles = Path.of(Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv")).toString();
        for (String[] c : new String[][]{{"\"equity\": 10000", "\"equity\": 1e308", "plan.equity: 1e308 is outside the allowed range"},
                {"\"stop\": 26528.6", "\"stop\": 1e308", "plan.stop: 1e308 is outside the allowed range"},
                {"\"leverage\": 10", "\"leverage\": 0", "plan.leverage: 0 is outside the allowed range"}}) {
            Path p = edited("replay-plan.json", c[0], c[1]);
            CliRun r = CliRun.of("replay", "--candles", candles, "--plan", p.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: " + c[2]).endsWith(" (in " + p + ")" + System.lineSeparator());
            assertThat(r.err().lines()).hasSize(1);
        }
    }

    @Test
    void check_planFieldsCheckedByTheChecklist_nameTheFile() throws Exception {
        for (String[] c : new String[][]{{"\"entryPrice\": 60000", "\"entryPrice\": 1e308", "entryPrice: 1e308 is outside the allowed range"},
                {"\"equity\": 10000", "\"equity\": 1e300", "equity: 1e300 is outside the allowed range"},
                {"\"targets\": [64000]", "\"targets\": [1e300]", "targets[0]: 1e300 is outside the allowed range"},
                {"\"BTCUSDT\"", "\"FOOUSDT\"", "symbol: unknown symbol FOOUSDT"}}) {
            Path p = edited("trader-b.json", c[0], c[1]);
            CliRun r = CliRun.of("check", "--plan", p.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: " + c[2]).endsWith(" (in " + p + ")" + System.lineSeparator());
            assertThat(r.err().lines()).hasSize(1);
        }
    }

    @Test
    void check_thePlansBarsAndMark_nameTheFile() throws Exception {
        // closes, highs, lows and markPrice are read after the plan's other fields, and their refusals named no file
        for (String[] c : new String[][]{{"\"riskPct\": 2", "\"riskPct\": 2, \"closes\": [60000, -5]", "closes[1]: -5 is not a positive price"},
                {"\"riskPct\": 2", "\"riskPct\": 2, \"closes\": [60000], \"highs\": [-5], \"lows\": [59000]", "highs[0]: -5 is not a positive price"},
                {"\"riskPct\": 2", "\"riskPct\": 2, \"markPrice\": 61000, \"mark\": 61000", "mark: give markPrice only"}}) {
            Path p = edited("trader-b.json", c[0], c[1]);
            CliRun r = CliRun.of("check", "--plan", p.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: " + c[2]).endsWith(" (in " + p + ")" + System.lineSeparator());
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
    }
}
