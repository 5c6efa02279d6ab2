package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code size} and {@code check} on a long whose gain carries its notional across a cap into a tier whose rate exceeds its
 * margin (docs/venues.md "Tier tables", the synthetic steep Bybit table): failed as a liquidation risk on the gain side,
 * said plainly — not "liquidation … before the stop".
 */
class GainSideLiquidationTextTest {
    static final String TIERS = AcceptanceSweepTest.ROOT.resolve("docs/examples/bybit-risk-limit-steep.json").toString();

    @Test
    void size_saysTheRiseLiquidatesIt() {
        CliRun r = CliRun.of("size", "--exchange", "bybit-uta", "--tiers", TIERS, "--symbol", "BTCUSDT", "--entry", "1000", "--stop", "990",
                "--leverage", "11", "--equity", "1000000", "--risk-amount", "11843");
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        assertThat(r.out()).contains("size                980.059")
                .contains("[FAIL] stopBeforeLiquidation: liquidated if the price RISES to 1,020.3 (the notional enters tier 3, whose maintenance"
                        + " rate 15.00 % makes the margin ratio ≥ 100 %), 2.03 % from entry: a liquidation on the gain side, which the stop 990.0"
                        + " does not cover; use at most 7x leverage (maxSafeLeverage)");
    }

    @Test
    void check_failsTheLiquidationRule_sayingTheRiseLiquidatesIt(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"thesis\": \"reclaim of the range low with rising open interest\","
                + " \"entryPrice\": 1000, \"stop\": 990, \"stopMethod\": \"structure\", \"targets\": [1030], \"leverage\": 11,"
                + " \"equity\": 1000000, \"qty\": 980.392}");
        CliRun r = CliRun.of("check", "--exchange", "bybit-uta", "--tiers", TIERS, "--plan", plan.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL  liquidation   liquidated if the price RISES to 1,020.0 (the notional enters tier 3, whose maintenance"
                + " rate 15.00 % makes the margin ratio ≥ 100 %), 2 % from entry: a liquidation on the gain side, which the stop 990.0 does not cover");
    }
}
