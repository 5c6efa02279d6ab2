package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.perpguard.stream.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code account-risk} writes money as every front end does: through {@link Money}, 8 decimals, half-even. */
final class AccountRiskMoneyTest {
    @TempDir
    Path stateDir;
    private TopologyFixture f;

    @BeforeEach
    void setUp() {
        f = new TopologyFixture(stateDir, false);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void test_accountRisk_amountsLeaveAt8Decimals_pricesAndRatiosAsComputed() {
        // 20 × 3,242.13 = 64842.600000000006 in double; the wallet, PnL and funding payment carry the same kind of noise
        f.deposit("m8", 30000.7);
        f.open("m8", "ETHUSDT", "long", 20, 3100.3, 10, "cross");
        f.open("m8", "BTCUSDT", "short", 0.3, 90000.1, 10, "isolated");
        f.mark("ETHUSDT", 3242.13, T0 + 1);
        f.mark("BTCUSDT", 93888.85, T0 + 2);
        JsonNode r = f.latestRisk().get("m8");
        List<JsonNode> amounts = new ArrayList<>();
        for (String k : List.of("walletBalance", "marginBalance", "maintenanceMargin", "unrealizedPnl")) {
            amounts.add(r.get(k));
        }
        for (JsonNode p : r.get("positions")) {
            for (String k : List.of("notional", "maintenanceMargin", "marginBalance", "unrealizedPnl", "fundingPayment")) {
                amounts.add(p.get(k));
            }
        }
        assertThat(amounts).hasSize(14).allSatisfy(a -> {
            assertThat(a.isNumber()).as(String.valueOf(a)).isTrue();
            assertThat(a.asDouble()).as(a.asText()).isEqualTo(Money.round(a.asDouble()));
        });
        JsonNode eth = r.get("positions").get(0);
        assertThat(eth.get("notional").asDouble()).isEqualTo(Money.round(20 * 3242.13));
        assertThat(eth.get("unrealizedPnl").asDouble()).isEqualTo(Money.round(20 * (3242.13 - 3100.3)));
        // a price before the tick is not money: as computed
        JsonNode btc = r.get("positions").get(1);
        assertThat(btc.get("liquidationPriceExact").asDouble()).isNotEqualTo(Money.round(btc.get("liquidationPriceExact").asDouble()));
    }

    @Test
    void test_walletSettledAt8Decimals_manyTransfersOfABigWallet_stayExact() {
        // the wallet was a running double sum: a 12.3M USDT wallet after a few dozen transfers of up to 100,000 USDT
        // (8 decimals each) was published 1e-8 off the decimal sum (11,933,210.64825964 for ...65 after the 53rd)
        java.util.Random rnd = new java.util.Random(1);
        java.math.BigDecimal exact = new java.math.BigDecimal("12345678.12345678");
        f.event("w", "{\"eventId\":\"d0\",\"type\":\"wallet-transfer\",\"amount\":12345678.12345678}");
        f.readRisk();
        for (int i = 1; i <= 200; i++) {
            java.math.BigDecimal amt = java.math.BigDecimal.valueOf((long) (rnd.nextDouble() * 2e13) - 10_000_000_000_000L, 8);
            exact = exact.add(amt);
            f.event("w", "{\"eventId\":\"d" + i + "\",\"type\":\"wallet-transfer\",\"amount\":" + amt.toPlainString() + "}");
            JsonNode r = f.latestRisk().get("w");
            assertThat(r.get("walletBalance").decimalValue()).as("after transfer " + i).isEqualByComparingTo(exact);
        }
    }
}
