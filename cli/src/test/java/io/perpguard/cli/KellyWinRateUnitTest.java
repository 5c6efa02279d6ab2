package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How kelly reads the win rate and its range messages. {@code --cap 0} was refused as "outside the allowed range
 * 0.000000001 to 1" (a floor nobody types); {@code --win-rate 1.5} was silently 1.5 %, with no unit-stating alternative.
 */
class KellyWinRateUnitTest {
    @Test
    void capAndFractionOfZero_nameTheRangeAsOver0AtMost1() {
        CliRun cap = CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--cap", "0");
        assertThat(cap.exit()).isEqualTo(2);
        assertThat(cap.out()).isEmpty();
        assertThat(cap.err()).isEqualTo("error: cap: 0 is outside the allowed range: over 0, at most 1 (a fraction: 0.02 = 2 % of equity)\n");
        assertThat(CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--fraction", "1.5").err())
                .isEqualTo("error: fraction: 1.5 is outside the allowed range: over 0, at most 1 (a fraction: 0.5 = half Kelly)\n");
        assertThat(CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--cap", "1").exit()).isZero();
    }

    @Test
    void winRatePct_statesTheUnit_andRefusesAFraction() throws Exception {
        assertThat(CliRun.of("kelly", "--win-rate-pct", "55", "--payoff", "1.5", "--json").json())
                .isEqualTo(CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--json").json());
        assertThat(CliRun.of("kelly", "--win-rate-pct", "1.5", "--payoff", "1.5", "--json").json().get("winRate").asDouble()).isEqualTo(0.015);
        CliRun fraction = CliRun.of("kelly", "--win-rate-pct", "0.55", "--payoff", "1.5");
        assertThat(fraction.exit()).isEqualTo(2);
        assertThat(fraction.err()).isEqualTo("error: win-rate-pct: 0.55 is outside the allowed range: a percent over 1 and under 100 (55 for 55 %); "
                + "a fraction (0.55) goes in --win-rate\n");
        assertThat(CliRun.of("kelly", "--win-rate", "0.55", "--win-rate-pct", "55", "--payoff", "1.5").err())
                .isEqualTo("error: win-rate-pct: give the win rate once: --win-rate (a fraction, or a percent over 1) or --win-rate-pct (a percent), not both\n");
    }

    @Test
    void aWinRateOver1_isReadAsAPercent_andSaysSo() throws Exception {
        CliRun text = CliRun.of("kelly", "--win-rate", "1.5", "--payoff", "1.5");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("  win rate W / payoff R  0.0150 / 1.5000\n")
                .endsWith("  note: --win-rate 1.5 read as a percent: 1.5 % (a fraction is under 1; --win-rate-pct states the unit)\n");
        assertThat(CliRun.of("kelly", "--win-rate", "1.5", "--payoff", "1.5", "--json").json().get("warnings").get(0).asText())
                .isEqualTo("--win-rate 1.5 read as a percent: 1.5 % (a fraction is under 1; --win-rate-pct states the unit)");
        // a fraction needs no note
        assertThat(CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5").out()).doesNotContain("note:");
    }
}
