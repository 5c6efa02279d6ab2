package io.perpguard.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code size} said a size without a liquidation price with dashes, "liquidation price   -  (- % from entry)", both for a
 * size no price liquidates (Trader B at 1x) and for a budget that buys nothing (0 SOL, "max safe leverage none"), the
 * output {@code calc} stopped printing for a 1x long.
 */
class SizeNoLiquidationTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1x long, no price liquidates it | --equity 10000 --risk-pct 2 --entry 60000 --stop 58400 --leverage 1 --symbol BTCUSDT"
                    + " | liquidation price   none: no price above 0 liquidates it | max safe leverage   22x",
            "budget buys nothing | --equity 50 --risk-pct 1 --entry 150 --stop 149 --leverage 10 --symbol SOLUSDT"
                    + " | liquidation price   none: nothing to place | max safe leverage   - (nothing to place)"})
    void test_noLiquidationPrice_isSaidInWords(String what, String args, String liquidationLine, String leverageLine) {
        CliRun r = CliRun.of(("size " + args).split(" "));
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        assertThat(r.out()).as(what).contains(liquidationLine).contains(leverageLine).doesNotContain("- %").doesNotContain("  -  (");
    }
}
