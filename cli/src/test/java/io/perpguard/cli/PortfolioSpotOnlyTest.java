package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trader with spot only: a portfolio file of spot holdings and no futures positions was refused for its missing
 * {@code walletBalance} ("walletBalance: is missing"). It has no futures wallet to give: 0. Positions without a wallet
 * are still refused — a cross book priced on a guessed 0 would be liquidated on paper.
 */
class PortfolioSpotOnlyTest {
    @TempDir
    Path dir;

    private CliRun portfolio(String json, String... more) throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, json);
        String[] args = new String[3 + more.length];
        args[0] = "portfolio";
        args[1] = "--account";
        args[2] = f.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.of(args);
    }

    @Test
    void spotOnly_withoutWalletBalance_isPriced() throws Exception {
        String spot = "\"spot\": [{\"asset\": \"BTC\", \"qty\": 2, \"price\": 60000}, {\"asset\": \"USDC\", \"qty\": 5000}]";
        CliRun r = portfolio("{" + spot + "}", "--shock", "-10", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("netDeltaUsd").asDouble()).isEqualTo(120_000);
        assertThat(j.get("exposure").get("equity").asDouble()).isEqualTo(125_000);
        assertThat(j.get("positions")).isEmpty();
        // the same as stating a wallet of 0 beside no positions
        assertThat(j).isEqualTo(portfolio("{\"walletBalance\": 0, \"positions\": [], " + spot + "}", "--shock", "-10", "--json").json());
        CliRun text = portfolio("{\"positions\": [], " + spot + "}");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.err()).isEmpty();
    }

    @Test
    void positionsWithoutWalletBalance_areStillRefused() throws Exception {
        CliRun r = portfolio("{\"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.1, \"entryPrice\": 60000, \"leverage\": 10,"
                + " \"marginMode\": \"cross\", \"markPrice\": 60000}], \"spot\": [{\"asset\": \"BTC\", \"qty\": 2, \"price\": 60000}]}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: walletBalance: is missing").doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        // a file of nothing (no positions, no spot) is not an empty portfolio either
        for (String empty : new String[]{"{}", "{\"positions\": []}", "{\"spot\": []}"}) {
            CliRun e = portfolio(empty);
            assertThat(e.exit()).as(empty).isEqualTo(2);
            assertThat(e.err()).as(empty).startsWith("error: walletBalance: is missing");
        }
    }
}
