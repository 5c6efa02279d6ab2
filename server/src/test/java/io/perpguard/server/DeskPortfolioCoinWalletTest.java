package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code POST /api/portfolio {accountId}} of an account with a COIN-M sub-account that holds no position: its coin wallet
 * is that coin held (at the mark of a contract in it) and said so in {@code warnings}. The whole account was refused,
 * {@code walletBalance: sub-account 'btcw' is on Binance COIN-M and holds no position, so its wallet's coin is unknown:
 * leave it out or list its positions} — a desk sub-account cannot be left out, and the desk keeps its coin (V8) once
 * its BTCUSD_PERP is closed. A COIN-M sub-account that never held a position (its coin unknown) is refused naming
 * {@code accountId} and what to do.
 */
final class DeskPortfolioCoinWalletTest {
    @Test
    void anEmptiedCoinWallet_countsAsTheCoinHeld_andAWalletOfUnknownCoinSaysWhatToDo() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btcw\",\"walletBalance\":0.5,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            double mark = DeskCoinmTest.btcMark(d);
            TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                    + "\"contracts\":100,\"entryPrice\":" + mark + ",\"leverage\":10}");
            assertThat(p.status()).as(p.body()).isEqualTo(201);
            assertThat(d.post("/api/positions/" + p.json().get("id").asLong() + "/close", "").status()).isEqualTo(200);
            double wallet = d.get("/api/subaccounts/" + sub).json().get("walletBalance").asDouble();
            assertThat(wallet).isLessThan(0.5).isGreaterThan(0.49);

            TestDesk.Response r = d.post("/api/portfolio", "{\"accountId\":" + acct + "}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode a = r.json();
            assertThat(a.get("netDeltaUsd").asDouble()).as("the coin wallet is BTC held").isCloseTo(wallet * mark, within(0.01));
            // as the same holding posted as spot is analysed
            TestDesk.Response posted = d.post("/api/portfolio", "{\"walletBalance\":0,\"positions\":[],\"spot\":[{\"asset\":\"BTC\",\"qty\":"
                    + wallet + ",\"price\":" + mark + "}]}");
            assertThat(posted.status()).as(posted.body()).isEqualTo(200);
            assertThat(a.get("netDeltaUsd").asDouble()).isCloseTo(posted.json().get("netDeltaUsd").asDouble(), within(0.01));
            assertThat(a.get("warnings").get(0).asText()).startsWith("sub-account 'btcw' (Binance COIN-M) holds no position: its wallet of ")
                    .contains(" BTC counts as BTC held, at BTCUSD_PERP's mark ");

            // a COIN-M sub-account that never held a position: its coin is unknown
            long other = d.post("/api/accounts", "{\"name\":\"coin2\"}").json().get("id").asLong();
            long eth = d.post("/api/subaccounts", "{\"accountId\":" + other + ",\"name\":\"eth\",\"walletBalance\":5,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            TestDesk.Response unknown = d.post("/api/portfolio", "{\"accountId\":" + other + "}");
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
            assertThat(unknown.json().get("field").asText()).isEqualTo("accountId");
            assertThat(unknown.json().get("error").asText()).isEqualTo("accountId: sub-account 'eth' is on Binance COIN-M and has held no position, "
                    + "so the coin of its wallet 5 is unknown: give its coin (PUT /api/subaccounts/" + eth + " {currency}: BTC, ETH), add its first "
                    + "position (its coin is kept from then on), or set its walletBalance to 0");
            assertThat(d.put("/api/subaccounts/" + eth, "{\"walletBalance\":0}").status()).isEqualTo(200);
            assertThat(d.post("/api/portfolio", "{\"accountId\":" + other + "}").status()).isEqualTo(200);
        }
    }
}
