package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code calc --exchange}: each venue's example through the CLI, the exchange named, and the bad inputs of issue 14. */
class VenuesCommandTest {
    @TempDir
    Path dir;

    @Test
    void test_bybit_19700_andTheExchangeIsNamed() throws Exception {
        CliRun r = CliRun.of("calc", "--exchange", "bybit", "--symbol", "BTCUSDT", "--side", "long", "--entry", "20000", "--qty", "1",
                "--leverage", "50", "--mmr", "0.005", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("liquidationPrice").asDouble()).isEqualTo(19_700);
        assertThat(j.get("exchange").asText()).isEqualTo("bybit");
        assertThat(j.get("currency").asText()).isEqualTo("USDT");
    }

    @Test
    void test_binanceCoinm_contracts_amountsInBtc() throws Exception {
        CliRun r = CliRun.of("calc", "--exchange", "binance-coinm", "--symbol", "btcusd_perp", "--side", "long", "--entry", "25000",
                "--contracts", "100", "--leverage", "20", "--mmr", "0.004", "--mm-amount", "0", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("maintenanceMargin").asDouble()).isCloseTo(0.0016, within(1e-12));
        assertThat(j.get("initialMargin").asDouble()).isCloseTo(0.02, within(1e-12)); // 0.4 BTC / 20
        assertThat(j.get("currency").asText()).isEqualTo("BTC");
        assertThat(j.get("contracts").asDouble()).isEqualTo(100);
        CliRun text = CliRun.of("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD", "--side", "short", "--entry", "25000",
                "--mark", "26000", "--contracts", "100", "--leverage", "20", "--mmr", "0.004");
        assertThat(text.out()).contains("on Binance COIN-M").contains("100 contracts (10,000 USD)").contains("-0.01538462 BTC");
    }

    @Test
    void test_xt_okx_venueSpellings_andEstimatesAreLabelled() throws Exception {
        JsonNode xt = CliRun.of("calc", "--exchange", "xt", "--symbol", "btc_usdt", "--side", "long", "--entry", "7000", "--contracts", "10000",
                "--leverage", "25", "--mmr", "0.004", "--json").json();
        assertThat(xt.get("initialMargin").asDouble()).isCloseTo(280, within(1e-9));
        assertThat(xt.get("estimates").toString()).contains("XT's margin ratio is not published");
        JsonNode okx = CliRun.of("calc", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--side", "short", "--entry", "60000", "--contracts", "100",
                "--leverage", "10", "--mmr", "0.004", "--json").json();
        // OKX: taker 0.05 % added to the rate; P = (M + Q·EP)/(Q·(MMR + fee + 1)) with Q = 1 BTC, M = 6,000
        assertThat(okx.get("liquidationPriceExact").asDouble()).isCloseTo(66_000 / 1.0045, within(1e-6));
        assertThat(okx.get("marginRatioDefinition").asText()).contains("100 % or less");
    }

    @Test
    void test_accountFile_namesItsExchange() throws Exception {
        Path f = dir.resolve("coinm.json");
        Files.writeString(f, """
                {"exchange": "binance-coinm", "walletBalance": 0.5, "positions": [
                  {"symbol": "BTCUSD_PERP", "side": "long", "contracts": 100, "entryPrice": 60000, "leverage": 20, "marginMode": "cross"}]}""");
        JsonNode j = CliRun.of("calc", "--account", f.toString(), "--mmr", "0.004", "--json").json();
        assertThat(j.get("exchange").asText()).isEqualTo("binance-coinm");
        assertThat(j.get("currency").asText()).isEqualTo("BTC");
        // cross, COIN-M: 0.5 + 10,000·(1/60,000 − 1/P) = 10,000/P·0.004  →  P = 10,040 / (0.5 + 1/6)
        assertThat(j.get("positions").get(0).get("liquidationPriceExact").asDouble()).isCloseTo(10_040 / (0.5 + 10_000 / 60_000.0), within(1e-6));
        CliRun clash = CliRun.of("calc", "--account", f.toString(), "--exchange", "bybit", "--mmr", "0.004");
        assertThat(clash.exit()).isEqualTo(2);
        assertThat(clash.err()).contains("the account is on binance-coinm but --exchange says bybit");
    }

    @Test
    void test_portfolio_accountsOnSeveralExchanges() throws Exception {
        Path f = dir.resolve("pf.json");
        Files.writeString(f, """
                {"exchange": "binance", "walletBalance": 10000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 0.5, "entryPrice": 60000, "leverage": 20, "marginMode": "cross", "markPrice": 61000}],
                 "subAccounts": [{"name": "okx", "exchange": "okx", "walletBalance": 5000, "positions": [
                  {"symbol": "BTC-USDT-SWAP", "side": "short", "contracts": 50, "entryPrice": 60000, "leverage": 10, "marginMode": "cross", "markPrice": 61000}]}]}""");
        CliRun r = CliRun.of("portfolio", "--account", f.toString(), "--mmr", "0.005", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("BTC-USDT-SWAP");
        Files.writeString(f, Files.readString(f).replace("\"okx\", \"walletBalance\"", "\"bybit\", \"walletBalance\"")
                .replace("BTC-USDT-SWAP\", \"side\": \"short\", \"contracts\": 50", "BTCUSDT\", \"side\": \"short\", \"qty\": 0.5"));
        // BTCUSDT on Binance and on Bybit: each account's position priced by its own venue, as calc prices it there
        CliRun both = CliRun.of("portfolio", "--account", f.toString(), "--mmr", "0.005", "--json");
        assertThat(both.exit()).as(both.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode ps = both.json().get("positions");
        assertThat(ps.get(0).get("liquidationPrice").asDouble()).isEqualTo(CliRun.of("calc", "--exchange", "binance", "--symbol", "BTCUSDT",
                "--side", "long", "--entry", "60000", "--qty", "0.5", "--leverage", "20", "--margin-mode", "cross", "--wallet", "10000",
                "--mark", "61000", "--mmr", "0.005", "--json").json().get("liquidationPrice").asDouble());
        assertThat(ps.get(1).get("liquidationPrice").asDouble()).isEqualTo(CliRun.of("calc", "--exchange", "bybit", "--symbol", "BTCUSDT",
                "--side", "short", "--entry", "60000", "--qty", "0.5", "--leverage", "10", "--margin-mode", "cross", "--wallet", "5000",
                "--mark", "61000", "--mmr", "0.005", "--json").json().get("liquidationPrice").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // a tier file of another venue's format for --exchange
            "calc --exchange bybit --symbol BTCUSDT --side long --entry 20000 --qty 1 --leverage 50 --tiers OKXFILE|is an OKX position-tiers response, not a Bybit table",
            // contracts that are not a whole number of the venue's lots (OKX BTC-USDT-SWAP: 0.1 contract; XT: whole contracts)
            "calc --exchange okx --symbol BTC-USDT-SWAP --side long --entry 60000 --contracts 1.55 --leverage 10 --mmr 0.004|contracts: 1.55 is not a multiple of 0.1 contracts",
            "calc --exchange xt --symbol BTC_USDT --side long --entry 60000 --contracts 1.5 --leverage 10 --mmr 0.004|contracts: 1.5 is not a whole number",
            // an inverse symbol with --notional in USDT where coin is meant
            "calc --exchange binance-coinm --symbol BTCUSD_PERP --side long --entry 60000 --notional 50000 --leverage 10 --mmr 0.004|is coin-margined (margin and notional in BTC, not USDT)",
            "calc --exchange kraken --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 10|'kraken' is not a known exchange",
            "calc --exchange binance --symbol BTCUSDT --side long --entry 60000 --contracts 3 --leverage 10|sized in base units, not contracts",
            "calc --exchange bybit --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 10|no Bybit tier table for BTCUSDT yet: run `perpguard tiers download",
            "calc --exchange bybit --symbol BTCUSDT --side long --entry 60000 --qty 1 --leverage 10 --mm-amount 5|mm-amount: goes with --mmr",
    })
    void test_badInput_oneLine_exit2(String c) throws Exception {
        Path okx = dir.resolve("okx.json");
        Files.writeString(okx, "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instFamily\":\"BTC-USDT\",\"tier\":\"1\",\"minSz\":\"0\",\"maxSz\":\"500\",\"mmr\":\"0.004\",\"imr\":\"0.008\",\"maxLever\":\"125\"}]}");
        String[] parts = c.split("\\|");
        CliRun r = CliRun.of(parts[0].replace("OKXFILE", okx.toString()).split(" "));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(parts[1]).doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }
}
