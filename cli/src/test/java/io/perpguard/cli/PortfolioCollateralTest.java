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
 * {@code portfolio} with a sub-account that states {@code collateral}, read and refused as {@code calc --account} reads
 * and refuses it, priced on its pool: its liquidation prices are {@code calc --account}'s, its market moves reprice
 * each asset (with its position's coin, by its beta, or held) and the report says which.
 */
class PortfolioCollateralTest {
    static final Path ROOT = CollateralCommandsTest.ROOT;
    static final Path POOLED = ROOT.resolve("docs/examples/portfolio-pooled.json");
    static final String RETURNS = ROOT.resolve("samples/candles").toString();

    @TempDir
    Path dir;

    @Test
    void aPooledSubAccount_isPricedOnItsPool_asCalcAccountPricesIt() throws Exception {
        CliRun r = CliRun.of("portfolio", "--account", POOLED.toString(), "--returns", RETURNS, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        JsonNode multi = j.path("subAccounts").get(1);
        assertThat(multi.path("name").asText()).isEqualTo("multi");
        assertThat(multi.path("currency").asText()).isEqualTo("USD");
        // the same account as calc --account prices it: the pool's margin balance and BTCUSDT's liquidation price
        String calcFile = "{ \"exchange\": \"binance\", \"walletBalance\": 2000, \"positions\": ["
                + "{ \"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1, \"entryPrice\": 93000, \"leverage\": 20, \"marginMode\": \"cross\", \"markPrice\": 93888.85 },"
                + "{ \"symbol\": \"SOLUSDT\", \"side\": \"long\", \"qty\": 100, \"entryPrice\": 140, \"leverage\": 20, \"marginMode\": \"cross\", \"markPrice\": 139.44 } ],"
                + Files.readString(POOLED).replaceAll("(?s).*(\"collateral\".*\\])\\s*\\}\\s*\\]\\s*\\}\\s*$", "$1") + " }";
        JsonNode calc = CliRun.of("calc", "--account", Files.writeString(dir.resolve("multi.json"), calcFile).toString(), "--json").json();
        assertThat(multi.path("marginBalance").asDouble()).isCloseTo(calc.path("marginBalance").asDouble(), within(1e-6));
        assertThat(multi.path("marginRatio").asDouble()).isCloseTo(calc.path("marginRatio").asDouble(), within(1e-12));
        double portfolioLiq = 0, calcLiq = 0;
        for (JsonNode p : j.path("positions")) {
            if (p.path("subAccount").asText().equals("multi") && p.path("symbol").asText().equals("BTCUSDT")) {
                portfolioLiq = p.path("liquidationPrice").asDouble();
            }
        }
        for (JsonNode p : calc.path("positions")) {
            if (p.path("symbol").asText().equals("BTCUSDT")) {
                calcLiq = p.path("liquidationPrice").asDouble();
            }
        }
        assertThat(portfolioLiq).isEqualTo(calcLiq).isPositive();
        // how each asset moves: the wallet and USDC held, the BTC with BTCUSDT, the ETH by ETHUSDT's beta (from the returns)
        List<String> moves = new java.util.ArrayList<>();
        multi.path("collateral").forEach(c -> moves.add(c.path("asset").asText() + " " + c.path("symbol").asText("-") + " "
                + c.path("withPosition").asBoolean()));
        assertThat(moves).containsExactly("USDT - false", "USDC - false", "BTC BTCUSDT true", "ETH ETHUSDT false");
        assertThat(multi.path("collateral").get(3).path("beta").asDouble()).isBetween(1.0, 2.0);
        assertThat(j.path("subAccounts").get(0).has("collateral")).as("a one-wallet sub-account: no collateral").isFalse();

        String text = CliRun.of("portfolio", "--account", POOLED.toString(), "--returns", RETURNS, "--shock", "-10").out();
        assertThat(text).contains("multi shares collateral (amounts in USD); in its moves and scenarios: USDT held, USDC held, BTC with BTCUSDT, ETH by beta ");
        // a scenario says what happens to a pool: its amounts stay, their USD value moves (not "wallet untouched")
        JsonNode market = CliRun.of("portfolio", "--account", POOLED.toString(), "--returns", RETURNS, "--shock", "-10", "--json").json()
                .path("scenarios").get(8).path("subAccounts").get(1);
        assertThat(market.path("liquidated").asBoolean()).isFalse();
        assertThat(market.path("walletAfter").asDouble()).isLessThan(market.path("walletBefore").asDouble());
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "not liquidated, amounts untouched, worth %,.0f -> %,.0f USD",
                market.path("walletBefore").asDouble(), market.path("walletAfter").asDouble()));
        assertThat(text).doesNotContain("wallet untouched (14,").contains("LIQUIDATED (BTCUSDT long, SOLUSDT long), assets worth ");
    }

    @Test
    void theCollateralMovesTheLiquidatingMove_awayFromTheUsdtWalletAlonesFigure() throws Exception {
        Path alone = Files.writeString(dir.resolve("alone.json"), Files.readString(POOLED).replaceAll("(?s),\\s*\"collateral\".*\\]\\s*\\}\\s*\\]\\s*\\}\\s*$", " } ] }"));
        JsonNode a = CliRun.of("portfolio", "--account", alone.toString(), "--returns", RETURNS, "--json").json();
        JsonNode p = CliRun.of("portfolio", "--account", POOLED.toString(), "--returns", RETURNS, "--json").json();
        double walletAlone = a.path("subAccounts").get(1).path("liquidationShockDownPct").asDouble();
        double pooled = p.path("subAccounts").get(1).path("liquidationShockDownPct").asDouble();
        assertThat(a.path("subAccounts").get(1).path("currency").asText()).isEqualTo("USDT");
        assertThat(pooled).isLessThan(walletAlone);
    }

    @Test
    void refusals_oneLine_exitTwo_theSameWordsAsCalc_underTheSubAccountsField() throws Exception {
        for (CollateralCommandsTest.Refusal c : CollateralCommandsTest.refusals()) {
            // the calc --account file as a portfolio's sub-account: the same refusal, a field named under subAccounts[0]
            Path p = Files.writeString(Files.createTempFile(dir, "portfolio", ".json"),
                    "{ \"subAccounts\": [ " + c.json().replaceFirst("\\{", "{ \"name\": \"pooled\",") + " ] }");
            List<String> args = new java.util.ArrayList<>(List.of("portfolio", "--account", p.toString(), "--mmr", "0.005"));
            String expected = c.expected().startsWith("collateral") ? "subAccounts[0]." + c.expected() : c.expected();
            CollateralCommandsTest.refusedInOneLine(CliRun.of(args.toArray(String[]::new)), "portfolio " + c.expected(), expected);
        }
    }
}
