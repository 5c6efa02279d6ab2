package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PortfolioSpotInputTest {
    @TempDir
    Path dir;

    JsonNode run(String spot) throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{\"walletBalance\": 1000, \"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 0.1,"
                + " \"entryPrice\": 60000, \"leverage\": 10, \"marginMode\": \"cross\", \"markPrice\": 60000}], \"spot\": [" + spot + "]}");
        CliRun r = CliRun.of("portfolio", "--account", f.toString(), "--shock", "-30", "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void spotStablecoins_areCash_inEquity_notMovedByTheMarket() throws Exception {
        // USDT was refused ("give it as walletBalance": spot cash is not futures margin); USDC wanted a USDCUSDT price and,
        // given one, was a 500 USD long moved by beta 1 in every scenario and the liquidating move
        JsonNode without = run("{\"asset\": \"ETH\", \"qty\": 1, \"price\": 3000}");
        JsonNode with = run("{\"asset\": \"ETH\", \"qty\": 1, \"price\": 3000}, {\"asset\": \"USDT\", \"qty\": 500},"
                + " {\"asset\": \"usdc\", \"qty\": 400}, {\"asset\": \"FDUSD\", \"qty\": 100, \"price\": 0.999}");
        JsonNode e = with.get("exposure");
        assertThat(e.get("cashValue").asDouble()).isEqualTo(999.9);
        assertThat(e.get("equity").asDouble()).isEqualTo(without.get("exposure").get("equity").asDouble() + 999.9);
        assertThat(e.get("symbols").findValuesAsText("symbol")).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(with.get("netDeltaUsd")).isEqualTo(without.get("netDeltaUsd"));
        assertThat(with.get("scenarios").get(0).get("totalPnl")).isEqualTo(without.get("scenarios").get(0).get("totalPnl"));
        assertThat(with.get("spotHedges")).isEqualTo(without.get("spotHedges"));
        assertThat(with.get("warnings")).isEqualTo(without.get("warnings"));
    }
}
