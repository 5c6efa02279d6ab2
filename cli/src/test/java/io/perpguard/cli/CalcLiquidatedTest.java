package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calc} of a position whose mark is already past its liquidation price: {@code liquidated: true} in the JSON (it
 * had no such flag: a reader had to compare the mark with the price by the side, which a hedge leg defeats) and a line of
 * its own in the text; false for a live position.
 */
class CalcLiquidatedTest {
    static final String[] LONG_50X = {"calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "50"};

    static String[] at(String mark, String... more) {
        String[] a = java.util.Arrays.copyOf(LONG_50X, LONG_50X.length + 2 + more.length);
        a[LONG_50X.length] = "--mark";
        a[LONG_50X.length + 1] = mark;
        System.arraycopy(more, 0, a, LONG_50X.length + 2, more.length);
        return a;
    }

    @Test
    void aMarkPastTheLiquidationPrice_isFlaggedLiquidated_inJsonAndText() throws Exception {
        CliRun past = CliRun.of(at("55000", "--json"));
        assertThat(past.exit()).as(past.err()).isZero();
        assertThat(past.json().get("liquidated").asBoolean()).isTrue();
        assertThat(past.json().get("liquidationPrice").asDouble()).isEqualTo(59_045.3);
        CliRun live = CliRun.of(at("60000", "--json"));
        assertThat(live.json().get("liquidated").isBoolean()).isTrue();
        assertThat(live.json().get("liquidated").asBoolean()).isFalse();
        // the text says so on a line of its own
        assertThat(CliRun.of(at("55000")).out()).contains("\n  liquidated            yes: the mark 55,000.0 is already past the liquidation price;"
                + " the venue would have closed this position\n");
        assertThat(CliRun.of(at("60000")).out()).doesNotContain("\n  liquidated ");
    }
}
