package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code recovery} reads the win rate as {@code kelly} does: {@code --win-rate 45} was 45 % without a word and there was
 * no {@code --win-rate-pct} to state the unit; kelly had both.
 */
class RecoveryWinRateTest {
    private static final String[] BET = {"--payoff", "1.5", "--risk-pct", "10", "--paths", "200", "--trades", "100", "--drawdowns", "50"};

    private static CliRun recovery(String... winRate) {
        String[] args = new String[1 + winRate.length + BET.length];
        args[0] = "recovery";
        System.arraycopy(winRate, 0, args, 1, winRate.length);
        System.arraycopy(BET, 0, args, 1 + winRate.length, BET.length);
        return CliRun.of(args);
    }

    @Test
    void winRatePct_statesTheUnit_asKellys() throws Exception {
        CliRun pct = recovery("--win-rate-pct", "45", "--json");
        assertThat(pct.exit()).as(pct.err()).isZero();
        assertThat(pct.json()).isEqualTo(recovery("--win-rate", "0.45", "--json").json());
        assertThat(pct.json().get("riskOfRuin").get("winProbability").asDouble()).isEqualTo(0.45);
        assertThat(pct.json().get("warnings")).isEmpty();

        CliRun fraction = recovery("--win-rate-pct", "0.45");
        assertThat(fraction.exit()).isEqualTo(2);
        assertThat(fraction.out()).isEmpty();
        assertThat(fraction.err()).isEqualTo("error: win-rate-pct: 0.45 is outside the allowed range: a percent over 1 and under 100 (55 for 55 %); "
                + "a fraction (0.45) goes in --win-rate\n");
        assertThat(recovery("--win-rate", "0.45", "--win-rate-pct", "45").err())
                .isEqualTo("error: win-rate-pct: give the win rate once: --win-rate (a fraction, or a percent over 1) or --win-rate-pct (a percent), not both\n");
    }

    @Test
    void aWinRateOver1_isReadAsAPercent_andSaysSo_inKellysWords() throws Exception {
        CliRun text = recovery("--win-rate", "45");
        assertThat(text.exit()).as(text.err()).isZero();
        String note = "--win-rate 45 read as a percent: 45 % (a fraction is under 1; --win-rate-pct states the unit)";
        assertThat(text.out()).contains("W 45.0 %").endsWith("  note: " + note + "\n");
        assertThat(recovery("--win-rate", "45", "--json").json().get("warnings").get(0).asText()).isEqualTo(note);
        // the same words as kelly's note for the same figure
        assertThat(CliRun.of("kelly", "--win-rate", "45", "--payoff", "1.5").out()).contains("  note: " + note + "\n");
        assertThat(recovery("--win-rate", "0.45").out()).doesNotContain("note:");
    }

    @Test
    void aMissingFigure_isNamedInTheCommandsWords() {
        // it said "risk-pct: risk of ruin needs all of winRate, payoff and riskPct", the API's field names
        CliRun r = CliRun.of("recovery", "--win-rate", "0.45", "--payoff", "1.5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: risk-pct: is missing: risk of ruin needs all of --win-rate (or --win-rate-pct), --payoff and --risk-pct\n");
        assertThat(CliRun.of("recovery", "--payoff", "1.5", "--risk-pct", "2").err())
                .isEqualTo("error: win-rate: is missing: risk of ruin needs all of --win-rate (or --win-rate-pct), --payoff and --risk-pct\n");
    }
}
