package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} of a plan whose leverage is above the bracket of its size: bad input in one line naming {@code leverage} and
 * the bracket's maximum, exit 2, as {@code calc} refuses it — it was a failed checklist rule (exit 1, a table printed). When
 * check sizes the trade itself from the risk budget, a leverage some tier allows caps the size as {@code size} caps it: a
 * failed leverage rule naming the budget's size, its bracket and the capped size, exit 1.
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
    void riskSizedPlan_aboveTheBracketAtItsLeverage_isCappedAsSizeCapsIt_exit1() throws Exception {
        // 110x on 100,000 equity risking 2 %: the budget's 1.164 BTC (69,840 USDT) is in bracket 2 (100x at most)
        Path p = dir.resolve("rich.json");
        Files.writeString(p, Files.readString(Path.of(Repo.path("docs/examples/trader-b.json")))
                .replace("\"leverage\": 10", "\"leverage\": 110").replace("\"equity\": 10000", "\"equity\": 100000"));
        CliRun check = CliRun.of("check", "--plan", p.toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(1);
        assertThat(check.err()).isEmpty();
        assertThat(check.out()).contains("  FAIL  leverage      the risk budget's qty 1.164 (notional 69,840) is in bracket 2, which allows at most "
                + "100×; 110× is allowed only up to notional 50,000: sized to 0.833 (notional 49,980), the largest the tiers allow at 110×, "
                + "and the other rules judge that size; at 100× the budget's size is allowed; 110× is also above the policy maximum of 20×");
        assertThat(check.out()).contains("  PASS  size          qty 0.833 loses 1,430.74 USDT at the stop");
        // size caps the same budget to the same qty, at the same liquidation price
        CliRun size = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "100000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "110", "--json");
        assertThat(size.exit()).isEqualTo(1);
        CliRun json = CliRun.of("check", "--plan", p.toString(), "--json");
        assertThat(json.exit()).isEqualTo(1);
        var sized = Output.JSON.readTree(json.out()).get("sized");
        var sizeJson = Output.JSON.readTree(size.out());
        assertThat(sized.get("qty").asDouble()).isEqualTo(0.833).isEqualTo(sizeJson.get("qty").asDouble());
        assertThat(sized.get("liquidationPrice").asDouble()).isEqualTo(sizeJson.get("liquidationPrice").asDouble());
        // the same size typed as the plan's qty is the trader's own position: bad input, as calc
        Files.writeString(p, Files.readString(p).replace("\"riskPct\": 2", "\"qty\": 1.164"));
        CliRun typed = CliRun.of("check", "--plan", p.toString());
        assertThat(typed.exit()).isEqualTo(2);
        assertThat(typed.err()).startsWith("error: leverage: 110x is above BTCUSDT's maximum of 100x for notional 69,840 (bracket 2: 50,000 to 600,000)");
    }

    @Test
    void leverageAboveTheBracket_isRefusedInOneLine_exit2() throws Exception {
        for (String json : new String[]{null, "--json"}) {
            CliRun r = json == null ? CliRun.of("check", "--plan", plan(300).toString()) : CliRun.of("check", "--plan", plan(300).toString(), json);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("error: leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 (bracket 1: 0 to 50,000); "
                    + "no BTCUSDT tier allows 300x (highest 125x) (in " + plan(300) + ")" + System.lineSeparator());
        }
        // calc refuses the same position in the same words
        CliRun calc = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.116", "--leverage", "300");
        assertThat(calc.exit()).isEqualTo(2);
        assertThat(calc.err()).contains("leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 (bracket 1: 0 to 50,000)");
        // within the bracket, the plan is checked as before
        assertThat(CliRun.of("check", "--plan", plan(10).toString()).exit()).isZero();
    }
}
