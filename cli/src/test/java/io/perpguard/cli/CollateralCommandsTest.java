package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code calc --account} and {@code check --account} with a {@code collateral} list: the account priced on the pool of its
 * wallet and the stated assets by the venue's collateral rule (core's {@code CollateralPool}), the figures the watcher's
 * end-to-end tests measured on the fakes (MultiAssetsEndToEndTest, BybitUnifiedPoolEndToEndTest); refused, one line and
 * exit 2, where the venue shares no collateral or an entry is out of range.
 */
class CollateralCommandsTest {
    static final Path ROOT = Files.isDirectory(Path.of("docs")) ? Path.of(".") : Path.of("..");
    static final Path MULTI = ROOT.resolve("docs/examples/account-multi-assets.json");
    static final Path UTA = ROOT.resolve("docs/examples/account-bybit-uta.json");
    static final String PLAN = ROOT.resolve("docs/examples/trader-a.json").toString();

    @TempDir
    Path dir;

    static JsonNode position(JsonNode account, String symbol) {
        for (JsonNode p : account.path("positions")) {
            if (p.path("symbol").asText().equals(symbol)) {
                return p;
            }
        }
        throw new AssertionError(symbol + " not in " + account);
    }

    @Test
    void binanceMultiAssets_pooled_liquidatesFartherThanTheUsdtWalletAlone() throws Exception {
        CliRun pooled = CliRun.of("calc", "--account", MULTI.toString(), "--json");
        assertThat(pooled.exit()).as(pooled.err()).isZero();
        JsonNode j = pooled.json();
        // the 0.05 BTC moves with BTCUSDT (52,483.1 with it held at 60,000)
        assertThat(position(j, "BTCUSDT").path("liquidationPrice").asDouble()).isEqualTo(52_825.6);
        assertThat(j.path("currency").asText()).isEqualTo("USD");
        assertThat(j.path("marginBalance").asDouble()).isCloseTo(7_849.40, within(0.01));
        assertThat(j.path("marginRatio").asDouble()).isCloseTo(0.0471, within(0.0001));
        assertThat(j.path("collateral")).extracting(c -> c.path("asset").asText()).containsExactly("USDT", "USDC", "BTC");
        assertThat(j.path("collateral").get(2).path("valueUsd").asDouble()).isEqualTo(0.05 * 60_000 * 0.95);
        // the same file without its collateral: the USDT wallet alone (single-asset mode)
        String alone = Files.readString(MULTI).replaceAll("(?s),\\s*\"collateral\".*\\]", "");
        Path f = Files.writeString(dir.resolve("usdt-alone.json"), alone);
        CliRun usdt = CliRun.of("calc", "--account", f.toString(), "--json");
        assertThat(usdt.exit()).as(usdt.err()).isZero();
        assertThat(position(usdt.json(), "BTCUSDT").path("liquidationPrice").asDouble()).isEqualTo(58_361.9);
        CliRun table = CliRun.of("calc", "--account", MULTI.toString());
        assertThat(table.out()).contains("52,825.6", "shared collateral", "account margin ratio  4.71 %", "own coin moves with it");
    }

    @Test
    void bybitUta_inverseBtcusdOnThePool_againstItsCoinWalletAlone() throws Exception {
        CliRun pooled = CliRun.of("calc", "--account", UTA.toString(), "--mmr", "0.005", "--json");
        assertThat(pooled.exit()).as(pooled.err()).isZero();
        JsonNode j = pooled.json();
        assertThat(position(j, "BTCUSD").path("liquidationPrice").asDouble()).isEqualTo(817.5);
        assertThat(j.path("marginBalance").asDouble()).isCloseTo(12_875, within(1e-6));
        CliRun coin = CliRun.of("calc", "--exchange", "bybit-uta", "--symbol", "BTCUSD", "--side", "long", "--entry", "60000", "--contracts", "10000",
                "--leverage", "20", "--margin-mode", "cross", "--wallet", "0.05", "--mmr", "0.005", "--json");
        assertThat(coin.exit()).as(coin.err()).isZero();
        assertThat(coin.json().path("liquidationPrice").asDouble()).isEqualTo(46_385.0);
    }

    @Test
    void okxMultiCurrency_pooled_atItsDiscountRates_feesInTheMaintenance() throws Exception {
        String okx = Files.readString(MULTI).replace("\"binance\"", "\"okx\"").replace("BTCUSDT", "BTC-USDT-SWAP").replace("ETHUSDT", "ETH-USDT-SWAP");
        Path f = Files.writeString(dir.resolve("okx.json"), okx);
        CliRun r = CliRun.of("calc", "--account", f.toString(), "--mmr", "0.005", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        // OKX: the taker fee in the maintenance rate — 1 BTC × 60,000 × 0.55 % + 10 ETH × 3,000 × 0.55 %
        assertThat(r.json().path("maintenanceMargin").asDouble()).isCloseTo(495, within(1e-6));
        assertThat(r.json().path("marginBalance").asDouble()).isCloseTo(7_849.40, within(0.01));
        assertThat(position(r.json(), "BTC-USDT-SWAP").path("liquidationPrice").asDouble()).isEqualTo(52_942.1);
    }

    @Test
    void checkCountsTheCollateralInTheEquity() throws Exception {
        CliRun r = CliRun.of("check", "--plan", PLAN, "--account", MULTI.toString(), "--json");
        JsonNode exposure = null;
        for (JsonNode rule : r.json().path("rules")) {
            if (rule.path("id").asText().equals("exposure")) {
                exposure = rule;
            }
        }
        assertThat(exposure).isNotNull();
        assertThat(exposure.path("values").path("equity").asDouble()).isCloseTo(2_000 + 3_000 * 0.9999 * 0.9999 + 0.05 * 60_000 * 0.95, within(1e-6));
    }

    /** A stated-collateral mistake, the line it is refused with, and the options that price the account otherwise. */
    record Refusal(String json, String expected, String... more) {
    }

    /**
     * The refusals of a {@code collateral} list, on the two example accounts: the same words from {@code calc}, {@code check}
     * and a portfolio's sub-account ({@link PortfolioCollateralTest}).
     */
    static List<Refusal> refusals() throws java.io.IOException {
        String multi = Files.readString(MULTI), uta = Files.readString(UTA);
        return List.of(
                new Refusal(uta.replace("\"bybit-uta\"", "\"bybit\""), "collateral: Bybit does not let several assets back one cross margin", "--mmr", "0.005"),
                new Refusal(multi.replace("\"binance\"", "\"xt\"").replace("BTCUSDT", "btc_usdt").replace("ETHUSDT", "eth_usdt"),
                        "collateral: XT.com does not let several assets back one cross margin", "--mmr", "0.005"),
                new Refusal(multi.replace("\"BTC\"", "\"DOGEX\""), "collateral[1].asset: 'DOGEX' is not a collateral asset perpguard knows on Binance"),
                new Refusal(multi.replace("\"USDC\"", "\"USDT\""), "collateral[0].asset: USDT is the account's wallet"),
                new Refusal(multi.replace("\"collateralRatio\": 0.95", "\"collateralRatio\": 1.2"),
                        "collateral[1].collateralRatio: 1.2 is outside the allowed range more than 0 to 1"),
                new Refusal(multi.replace("\"collateralRatio\": 0.95", "\"collateralRatio\": 0"),
                        "collateral[1].collateralRatio: 0 is outside the allowed range more than 0 to 1"),
                new Refusal(multi.replace("\"collateralRatio\": 0.95", "\"collateralRatio\": NaN"), "JSON has no NaN"),
                new Refusal(multi.replace("\"amount\": 0.05", "\"amount\": -0.05"), "collateral[1].amount: -0.05 must be 0 or more"),
                new Refusal(multi.replace("\"indexPrice\": 60000", "\"indexPrice\": 0"), "collateral[1].indexPrice: "),
                new Refusal(multi.replace("\"amount\": 0.05,", ""), "collateral[1].amount"),
                new Refusal(multi.replace("\"asset\": \"BTC\"", "\"asset\": \"USDC\""), "collateral[1].asset: USDC is listed twice"));
    }

    @Test
    void refusals_oneLine_exitTwo_namingTheField() throws Exception {
        for (Refusal r : refusals()) {
            Path f = Files.writeString(Files.createTempFile(dir, "account", ".json"), r.json());
            for (String cmd : new String[]{"calc", "check"}) {
                List<String> args = new java.util.ArrayList<>(cmd.equals("calc") ? List.of("calc", "--account", f.toString())
                        : List.of("check", "--plan", PLAN, "--account", f.toString()));
                args.addAll(List.of(r.more()));
                refusedInOneLine(CliRun.of(args.toArray(String[]::new)), cmd + " " + r.expected(), r.expected());
            }
        }
    }

    /** Refused as bad input is: exit 2, one line on stderr holding {@code expected}, no stack trace. */
    static void refusedInOneLine(CliRun r, String as, String expected) {
        assertThat(r.exit()).as(as + ": " + r.err() + r.out()).isEqualTo(2);
        assertThat(r.err()).as(as).contains(expected);
        assertThat(r.err().strip().lines().count()).as(as + ": one line").isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
}
