package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PortfolioSpotInputTest {
    @TempDir
    Path dir;

    @Test
    void aSpotUsdtHolding_isRefusedAsTheWallet_notPricedAsUsdtusdt() throws Exception {
        // it said "spot[0].price: is missing: give the price, hold a USDTUSDT position, …"; with a price of 1 it counted
        // 500 USDT of cash as 500 USD of market delta (moved by beta 1 in the liquidating move)
        for (String holding : new String[]{"{\"asset\": \"USDT\", \"qty\": 500}", "{\"asset\": \"usdt\", \"qty\": 500, \"price\": 1}"}) {
            Path f = dir.resolve("a.json");
            Files.writeString(f, "{\"walletBalance\": 1000, \"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.1,"
                    + " \"entryPrice\": 60000, \"leverage\": 10, \"marginMode\": \"cross\"}], \"spot\": [" + holding + "]}");
            CliRun r = CliRun.of("portfolio", "--account", f.toString());
            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("error: spot[0].asset: USDT is the settlement currency, not a holding that moves with the market: "
                    + "give it as walletBalance (or a sub-account's), list the other assets here (in " + f + ")\n");
        }
    }
}
