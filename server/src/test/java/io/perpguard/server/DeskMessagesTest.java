package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The desk's one-line errors name the body's fields and read as sentences, never a CLI flag or a raw double limit. */
final class DeskMessagesTest {

    @Test
    void test_fundingRateOutOfRange_isBlamedOnFundingRate_notOnTheForbiddenNameRate() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/funding", "{\"notional\":50000,\"leverage\":20,\"fundingRate\":5,\"symbol\":\"BTCUSDT\","
                    + "\"side\":\"long\",\"markPrice\":60000}");
            DeskInputBlameTest.assertBlames(r, "fundingRate", "5 is outside the allowed range -0.05 to 0.05");
        }
    }

    @Test
    void test_twoSizes_areRefusedWithTheBodysNames_notTheCommandsFlags() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/funding", "{\"qty\":1,\"contracts\":5,\"leverage\":20,\"fundingRate\":0.001,\"symbol\":\"BTCUSDT\","
                    + "\"side\":\"long\",\"markPrice\":60000}");
            DeskInputBlameTest.assertBlames(r, "qty", "give exactly one of qty, contracts or notional");
            assertThat(r.body()).doesNotContain("--");
        }
    }

    @Test
    void test_aPositionBody_isBlamedByItsOwnFieldNames_notPositionDotQty() {
        try (TestDesk d = TestDesk.inMemory()) {
            int before = d.get("/api/positions").json().size();
            String base = "{\"subAccountId\":1,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.01,\"entryPrice\":4500,\"leverage\":20,"
                    + "\"marginMode\":\"isolated\"}";
            DeskInputBlameTest.assertBlames(d.post("/api/positions", base.replace("\"qty\":0.01", "\"qty\":-0.01")), "qty", "greater than 0");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", base.replace("\"long\"", "\"up\"")), "side", "is not a side");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", base.replace("\"isolated\"", "\"isolatd\"")), "marginMode",
                    "is not a margin mode");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", base.replace("4500", "\"NaN\"")), "entryPrice", "not a finite number");
            DeskInputBlameTest.assertBlames(d.put("/api/positions/1", base.replace("\"qty\":0.01", "\"qty\":0")), "qty", "greater than 0");
            assertThat(d.get("/api/positions").json().size()).as("nothing stored").isEqualTo(before);
        }
    }

    @Test
    void test_aOneTierMmrLeverageRefusal_saysAndAbove_notTheLargestDouble() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/calc", "{\"exchange\":\"xt\",\"symbol\":\"btc_usdt\",\"side\":\"long\",\"entryPrice\":7000,"
                    + "\"contracts\":10000,\"leverage\":25,\"mmr\":0.05}");
            DeskInputBlameTest.assertBlames(r, "leverage", "(bracket 1: 0 and above)");
            assertThat(r.body()).doesNotContain("e308");
        }
    }
}
