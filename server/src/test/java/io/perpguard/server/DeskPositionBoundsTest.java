package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A desk position's figures keep the bounds every position has ({@code InputBounds}, the stream's): a price above 10⁹,
 * a size above 10¹⁵ units (or USD of face) is refused naming the body's field and the range, and nothing is stored —
 * {@code "markPrice": 1e15} was stored and priced (201).
 */
final class DeskPositionBoundsTest {
    static final String POSITION = "{\"subAccountId\":%d,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.1,\"entryPrice\":3000,"
            + "\"leverage\":10,\"marginMode\":\"isolated\"%s}";

    @Test
    void test_absurdButFinitePricesAndSizes_areRefusedByTheirField_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            long sub = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"bounds\",\"walletBalance\":100000}").json().get("id").asLong();
            DeskInputBlameTest.assertBlames(d.post("/api/positions", String.format(POSITION, sub, ",\"markPrice\":1e15")), "markPrice",
                    "1,000,000,000,000,000 is outside the allowed range: above 0, at most 1,000,000,000");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", String.format(POSITION, sub, "").replace("3000", "2e9")), "entryPrice",
                    "at most 1,000,000,000");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", String.format(POSITION, sub, "").replace("0.1", "2e15")), "qty",
                    "at most 1,000,000,000,000,000 units");
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).as("nothing stored").isEmpty();

            // a stored position edited to an absurd mark is refused the same way and keeps its figures
            long id = d.post("/api/positions", String.format(POSITION, sub, "")).json().get("id").asLong();
            DeskInputBlameTest.assertBlames(d.put("/api/positions/" + id, String.format(POSITION, sub, ",\"markPrice\":1e15")), "markPrice",
                    "at most 1,000,000,000");
            assertThat(d.get("/api/positions/" + id).json().get("markPrice").asDouble()).isEqualTo(3000);
            // closed at an absurd price: refused, the position stays open and the wallet as it was (a close at 10^12 paid its PnL)
            DeskInputBlameTest.assertBlames(d.post("/api/positions/" + id + "/close", "{\"price\":1e12}"), "price", "at most 1,000,000,000");
            assertThat(d.get("/api/positions/" + id).status()).isEqualTo(200);
            assertThat(d.get("/api/subaccounts/" + sub).json().get("walletBalance").asDouble()).isEqualTo(100000);
        }
    }

    @Test
    void test_coinmContractsBeyondTheBound_areBlamedOnContracts_notOnLeverage() {
        try (TestDesk d = TestDesk.inMemory()) {
            long sub = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"coin\",\"walletBalance\":10,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            String body = "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":1e18,\"entryPrice\":60000,"
                    + "\"leverage\":10,\"marginMode\":\"isolated\"}";
            DeskInputBlameTest.assertBlames(d.post("/api/positions", body), "contracts",
                    "1,000,000,000,000,000,000 is outside the allowed range: above 0, at most 10,000,000,000,000 contracts");
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).isEmpty();
        }
    }
}
