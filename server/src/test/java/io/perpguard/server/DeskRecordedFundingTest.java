package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.funding.FundingCarry;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-entered and replayed positions carry funding as mirrored live ones do (rate, next funding time, payment due),
 * from the desk's recorded funding of their symbol, saying where it comes from and when it was settled; where the desk
 * has none (ETHUSDT and SOLUSDT beside the replay, a COIN-M contract), {@code fundingSource} says {@code none}.
 */
class DeskRecordedFundingTest {
    static final long HOUR = 3_600_000L;

    static JsonNode position(JsonNode sub, String symbol) {
        for (JsonNode p : sub.get("positions")) {
            if (p.get("symbol").asText().equals(symbol)) {
                return p;
            }
        }
        throw new AssertionError("no " + symbol + " in " + sub);
    }

    @Test
    void aReplayedPosition_showsTheLastRecordedRate_itsSettlementTime_theNextPayment_andWhatIsDue() {
        try (TestDesk desk = TestDesk.inMemory()) {
            MarkReplay replay = MarkReplay.bundled();
            JsonNode view = desk.get("/api/desk").json();
            long now = view.get("timeMs").asLong();
            JsonNode btc = position(DeskStateTest.sub(view, "core"), "BTCUSDT");
            MarkSource.RecordedFunding f = replay.fundingAt("BTCUSDT", now);
            assertThat(f).isNotNull();
            assertThat(btc.get("fundingSource").asText()).isEqualTo("recorded");
            assertThat(btc.get("fundingRate").asDouble()).isEqualTo(replay.fundingRateAt("BTCUSDT", now));
            long recorded = btc.get("fundingRecordedMs").asLong();
            assertThat(recorded).isEqualTo(f.recordedMs()).isLessThanOrEqualTo(now).isGreaterThan(now - 8 * HOUR - 60_000);
            assertThat(btc.get("fundingRecordedTime").asText()).isEqualTo(java.time.Instant.ofEpochMilli(recorded).toString());
            // Binance pays every 8 h at 00:00, 08:00 and 16:00 UTC: the next payment is the first of those not yet recorded
            long next = btc.get("nextFundingMs").asLong();
            assertThat(next).isGreaterThanOrEqualTo(now).isLessThanOrEqualTo(now + 8 * HOUR).isEqualTo(f.nextFundingMs());
            assertThat(next - recorded).isLessThan(8 * HOUR + 60_000);
            assertThat(next % (8 * HOUR)).isZero();
            assertThat(btc.get("nextFundingTime").asText()).isEqualTo(java.time.Instant.ofEpochMilli(next).toString());
            double due = FundingCarry.payment(Side.LONG, btc.get("notional").asDouble(), btc.get("fundingRate").asDouble());
            assertThat(btc.get("fundingDue").asDouble()).isCloseTo(due, within(0.005));
            // no record of ETH's funding beside the replay: said, nothing invented
            JsonNode eth = position(DeskStateTest.sub(view, "core"), "ETHUSDT");
            assertThat(eth.get("fundingSource").asText()).isEqualTo("none");
            assertThat(eth.has("fundingRate")).isFalse();
            assertThat(eth.has("fundingDue")).isFalse();
        }
    }

    @Test
    void theRecordFollowsTheReplay_aNewSettlementIsShownOnceItIsPaid() {
        try (TestDesk desk = TestDesk.inMemory()) {
            MarkReplay replay = MarkReplay.bundled();
            desk.post("/api/replay", "{\"jump\":\"crash\"}");
            JsonNode before = position(DeskStateTest.sub(desk.get("/api/desk").json(), "core"), "BTCUSDT");
            long next = before.get("nextFundingMs").asLong();
            for (int i = 0; i < 10 && desk.server.feed().timeMs() <= next; i++) {
                desk.server.feed().step();
            }
            JsonNode view = desk.get("/api/desk").json();
            JsonNode after = position(DeskStateTest.sub(view, "core"), "BTCUSDT");
            assertThat(after.get("fundingRecordedMs").asLong()).as("the payment due at %d is now the last recorded", next)
                    .isGreaterThan(before.get("fundingRecordedMs").asLong()).isCloseTo(next, within(60_000L));
            assertThat(after.get("fundingRate").asDouble()).isEqualTo(replay.fundingRateAt("BTCUSDT", view.get("timeMs").asLong()));
            assertThat(after.get("nextFundingMs").asLong()).isEqualTo(next + 8 * HOUR);
        }
    }

    @Test
    void aHandEnteredCoinmContract_hasNoneRecorded_notItsAssetsUsdsMRate() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btc\",\"walletBalance\":0.5,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            double mark = d.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":10}").status()).isEqualTo(201);
            JsonNode p = position(DeskStateTest.sub(d.get("/api/desk").json(), "btc"), "BTCUSD_PERP");
            assertThat(p.get("fundingSource").asText()).isEqualTo("none");
            assertThat(p.has("fundingRate")).isFalse();
        }
    }
}
