package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
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
    void test_aSymbolWithoutATierTable_pointsToTheBodysMmrField_notTheCommandsFlags() {
        try (TestDesk d = TestDesk.inMemory()) {
            String body = "{\"symbol\":\"ETHUSD_PERP\",\"exchange\":\"binance-coinm\",\"equity\":1,\"riskPct\":2,"
                    + "\"entryPrice\":3000,\"stop\":2900,\"leverage\":5";
            TestDesk.Response r = d.post("/api/size", body + "}");
            // it said "pass the venue's tier response with --tiers FILE, or price with one tier: --mmr RATE"
            DeskInputBlameTest.assertBlames(r, "symbol", "tier table for ETHUSD_PERP");
            assertThat(r.json().get("error").asText()).contains("\"mmr\"").contains("\"mmAmount\"")
                    .doesNotContain("--tiers").doesNotContain("--mmr");
            TestDesk.Response oneTier = d.post("/api/size", body + ",\"mmr\":0.005}");
            assertThat(oneTier.status()).as(oneTier.body()).isEqualTo(200);
        }
    }

    @Test
    void test_mmAmountWithoutMmr_isRefusedInTheBodysWords_notIgnored() {
        try (TestDesk d = TestDesk.inMemory()) {
            // on the desk's own venue it was ignored (200, priced by the bundled tiers); on another, refused as "mm-amount: goes with --mmr RATE"
            TestDesk.Response own = d.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":1000,\"riskPct\":1,\"entryPrice\":60000,"
                    + "\"stop\":59000,\"leverage\":10,\"mmAmount\":5}");
            DeskInputBlameTest.assertBlames(own, "mmAmount", "goes with \"mmr\"");
            TestDesk.Response coinm = d.post("/api/size", "{\"symbol\":\"ETHUSD_PERP\",\"exchange\":\"binance-coinm\",\"equity\":1,"
                    + "\"riskPct\":2,\"entryPrice\":3000,\"stop\":2900,\"leverage\":5,\"mmAmount\":0.01}");
            DeskInputBlameTest.assertBlames(coinm, "mmAmount", "goes with \"mmr\"");
            assertThat(coinm.body()).doesNotContain("--");
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
    void test_aSwitchThatIsNotTrueOrFalse_isRefused_notReadAsTheDefault() {
        try (TestDesk d = TestDesk.inMemory()) {
            // "yes" was read as false: the answer was "winRate: is missing", as if journal had not been asked for
            DeskInputBlameTest.assertBlames(d.post("/api/kelly", "{\"journal\":\"yes\"}"), "journal", "\"yes\" is not true or false");
            DeskInputBlameTest.assertBlames(d.post("/api/kelly", "{\"journal\":1}"), "journal", "1 is not true or false");
            // "no" was read as the default, true: returns were used although the body said not to
            DeskInputBlameTest.assertBlames(d.post("/api/portfolio", "{\"accountId\":1,\"returns\":\"no\"}"), "returns",
                    "\"no\" is not true or false");
            assertThat(d.post("/api/portfolio", "{\"accountId\":1,\"returns\":false}").status()).isEqualTo(200);
        }
    }

    @Test
    void test_kellyFromAnEmptyJournal_pointsToTheDesksImport_notToACommandThatCannotOpenTheDatabase() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/kelly", "{\"journal\":true}");
            DeskInputBlameTest.assertBlames(r, "journal", "POST /api/journal/import");
            assertThat(r.body()).doesNotContain("perpguard journal import").doesNotContain("jdbc:");
        }
    }

    @Test
    void test_moreDecimalsThanTheDeskStores_areRefused_notRoundedAwayAfterA201() {
        try (TestDesk d = TestDesk.inMemory()) {
            // a wallet of 1e-19 was acknowledged and stored as 0; 100.123456789 came back as 100.12345679
            DeskInputBlameTest.assertBlames(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"tiny\",\"walletBalance\":0.0000000000000000001}"),
                    "walletBalance", "0.0000000000000000001 has 19 decimal places; the desk stores 8 (it would keep 0)");
            DeskInputBlameTest.assertBlames(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"p\",\"walletBalance\":100.123456789}"),
                    "walletBalance", "has 9 decimal places; the desk stores 8 (it would keep 100.12345679)");
            assertThat(d.get("/api/subaccounts").json().findValuesAsText("name")).doesNotContain("tiny", "p");
            JsonNode ok = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"ok\",\"walletBalance\":100.12345678}").json();
            assertThat(ok.get("walletBalance").decimalValue()).isEqualByComparingTo("100.12345678");
            long sub = ok.get("id").asLong();
            DeskInputBlameTest.assertBlames(d.put("/api/subaccounts/" + sub, "{\"walletBalance\":5000.000000001}"), "walletBalance", "the desk stores 8");
            String pos = "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.01,\"entryPrice\":4500,\"leverage\":20,"
                    + "\"marginMode\":\"isolated\"}";
            // Binance sets whole numbers: the venue's step refuses 20.00001 before the desk's 4 decimal places would
            DeskInputBlameTest.assertBlames(d.post("/api/positions", pos.replace("\"leverage\":20", "\"leverage\":20.00001")), "leverage",
                    "20.00001x is not a leverage Binance USDⓈ-M sets: ETHUSDT takes whole numbers 1–");
            DeskInputBlameTest.assertBlames(d.post("/api/positions", pos.replace("4500", "4500.00000000001")), "entryPrice", "the desk stores 10");
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).isEmpty();
            TestDesk.Response stored = d.post("/api/positions", pos.replace("\"leverage\":20", "\"leverage\":25"));
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
            DeskInputBlameTest.assertBlames(d.post("/api/positions/" + stored.json().get("id").asLong() + "/close", "{\"price\":4500.00000000001}"),
                    "price", "the desk stores 10");
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).hasSize(1);
        }
    }

    @Test
    void test_aJournalRowWithAnUnquotedThousandsSeparator_isRefusedAndNothingIsWritten() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base + "/api/journal/import?source=comma.csv"))
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "time,symbol,side,qty,price,realizedPnl,fee\n2024-03-01T10:00:00Z,BTCUSDT,buy,0.1,60000,0,3\n"
                                    + "2024-03-01T14:00:00Z,BTCUSDT,sell,0.1,59,000,-100,2.95\n")));
            DeskInputBlameTest.assertBlames(r, "journal", "comma.csv line 3: expected 7 columns as in the header, found 8");
            assertThat(d.get("/api/journal").json().get("total").asInt()).isZero();
        }
    }

    @Test
    void test_renamingASubAccountOntoAnothersName_isBlamedOnName_withoutTheDatabasesText() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode subs = d.get("/api/subaccounts").json();
            long degen = 0;
            for (JsonNode s : subs) {
                if (s.get("name").asText().equals("degen")) {
                    degen = s.get("id").asLong();
                }
            }
            // it said "symbol: the change clashes with an existing row (Unique index or primary key violation: …)"
            TestDesk.Response r = d.put("/api/subaccounts/" + degen, "{\"name\":\"core\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(409);   // a taken name: a conflict with the book (DeskDuplicatesTest)
            assertThat(r.json().get("field").asText()).isEqualTo("name");
            assertThat(r.json().get("error").asText()).isEqualTo("name: sub-account 'core' exists in account 1");
            assertThat(r.body()).doesNotContain("CONSTRAINT").doesNotContain("SQL");
            assertThat(d.get("/api/subaccounts/" + degen).json().get("name").asText()).isEqualTo("degen");
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
