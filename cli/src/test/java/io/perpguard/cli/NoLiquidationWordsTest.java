package io.perpguard.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A position no price liquidates is said so for its side: a coin-margined short at 1x (Binance COIN-M, OKX, Bybit UTA)
 * read "no price above 0 liquidates it (the margin covers a fall to zero)" — a fall is its gain — and its bankruptcy
 * price "none above 0".
 */
class NoLiquidationWordsTest {
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "binance-coinm, BTCUSD_PERP, short, 50, 0.004",
            "okx, BTC-USD-SWAP, short, 50, 0.004",
            "bybit-uta, BTCUSD, short, 5000, 0.005",
            "binance-coinm, BTCUSD_PERP, long, 50, 0.004"})
    void test_calc_noLiquidation_isWordedForTheSide(String exchange, String symbol, String side, String contracts, String mmr) {
        CliRun r = CliRun.of("calc", "--exchange", exchange, "--symbol", symbol, "--side", side, "--entry", "60000", "--contracts", contracts,
                "--leverage", "1", "--mmr", mmr);
        assertThat(r.exit()).as(r.err()).isZero();
        if (side.equals("short")) {
            assertThat(r.out()).contains("liquidation price     " + CalcCommand.NO_LIQUIDATION_SHORT)
                    .contains("bankruptcy price      none: no rise bankrupts it")
                    .doesNotContain("fall to zero").doesNotContain("none above 0");
        } else {
            // a coin-margined long at 1x is liquidated (its coin margin falls with the price): a price is shown
            assertThat(r.out()).doesNotContain("liquidation price     none");
        }
    }

    @ParameterizedTest(name = "long {0}")
    @CsvSource({"BTCUSDT, 1"})
    void test_calc_aLongNoPriceLiquidates_keepsItsWords(String symbol, String qty) {
        CliRun r = CliRun.of("calc", "--symbol", symbol, "--side", "long", "--entry", "60000", "--qty", qty, "--leverage", "1");
        assertThat(r.out()).contains("liquidation price     " + CalcCommand.NO_LIQUIDATION).contains("bankruptcy price      none above 0");
    }
}
