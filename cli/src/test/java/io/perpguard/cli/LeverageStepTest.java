package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leverage the venue does not set is bad input: {@code --leverage 10.5} priced on Binance USDⓈ-M, which takes whole
 * numbers only (POST /fapi/v1/leverage: INT). Exit 2, one line naming the field, the venue and what it takes; Bybit's
 * hundredths and OKX's decimals still price.
 */
class LeverageStepTest {
    static final String BINANCE = "error: leverage: 10.5x is not a leverage Binance USDⓈ-M sets: BTCUSDT takes whole numbers 1–125x\n";

    @TempDir
    Path dir;

    static CliRun calc(String leverage, String... venue) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("calc", "--side", "long", "--entry", "60000", "--leverage", leverage));
        a.addAll(java.util.List.of(venue));
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void test_calcSizeTiersFunding_aFractionalLeverageOnBinance_isExit2AndOneLine() {
        CliRun calc = calc("10.5", "--symbol", "BTCUSDT", "--qty", "0.01");
        assertThat(calc.exit()).isEqualTo(2);
        assertThat(calc.err()).isEqualTo(BINANCE);
        assertThat(calc.out()).isEmpty();
        assertThat(calc("10", "--symbol", "BTCUSDT", "--qty", "0.01").exit()).isZero();

        CliRun size = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000", "--stop", "58400",
                "--leverage", "10.5");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.err()).isEqualTo(BINANCE);
        CliRun tiers = CliRun.of("tiers", "--symbol", "BTCUSDT", "--leverage", "10.5");
        assertThat(tiers.exit()).isEqualTo(2);
        assertThat(tiers.err()).isEqualTo(BINANCE);
        CliRun funding = CliRun.of("funding", "--symbol", "BTCUSDT", "--notional", "1000", "--leverage", "10.5", "--rate", "0.0001", "--mark", "60000");
        assertThat(funding.exit()).isEqualTo(2);
        assertThat(funding.err()).isEqualTo(BINANCE);
    }

    @Test
    void test_coinmAndXt_takeWholeNumbers_bybitHundredths_okxAnyDecimal() {
        CliRun coinm = calc("20.5", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--contracts", "50", "--mmr", "0.004");
        assertThat(coinm.exit()).isEqualTo(2);
        assertThat(coinm.err()).startsWith("error: leverage: 20.5x is not a leverage Binance COIN-M sets: BTCUSD_PERP takes whole numbers 1–")
                .hasLineCount(1);
        CliRun xt = calc("10.5", "--exchange", "xt", "--symbol", "btc_usdt", "--contracts", "10000", "--mmr", "0.004");
        assertThat(xt.exit()).isEqualTo(2);
        assertThat(xt.err()).startsWith("error: leverage: 10.5x is not a leverage XT.com sets: BTC_USDT takes whole numbers 1–").hasLineCount(1);

        assertThat(calc("10.55", "--exchange", "bybit", "--symbol", "BTCUSDT", "--qty", "0.01", "--mmr", "0.005").exit()).isZero();
        CliRun bybit = calc("10.555", "--exchange", "bybit", "--symbol", "BTCUSDT", "--qty", "0.01", "--mmr", "0.005");
        assertThat(bybit.exit()).isEqualTo(2);
        assertThat(bybit.err()).startsWith("error: leverage: 10.555x is not a leverage Bybit sets: BTCUSDT takes 1–").endsWith("x in steps of 0.01\n");
        assertThat(calc("10.555", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--contracts", "10", "--mmr", "0.004").exit()).isZero();
    }

    @Test
    void test_anAccountFilesPosition_isNamedByItsPath() throws Exception {
        Path f = dir.resolve("account.json");
        Files.writeString(f, "{\"walletBalance\": 10000, \"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.1, "
                + "\"entryPrice\": 60000, \"leverage\": 12.5, \"marginMode\": \"isolated\"}]}");
        CliRun r = CliRun.of("calc", "--account", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: positions[0].leverage: 12.5x is not a leverage Binance USDⓈ-M sets: BTCUSDT takes whole numbers 1–125x"
                + " (in " + f + ")\n");
        Files.writeString(f, Files.readString(f).replace("12.5", "12"));
        assertThat(CliRun.of("calc", "--account", f.toString()).exit()).isZero();
    }
}
