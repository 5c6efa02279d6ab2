package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.app.json.Json;
import io.perpguard.margin.PositionReport;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeskApiTest {
    static TestDesk desk;

    static final String TRADER_A = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"\",\"entryPrice\":60000,\"stop\":null,\"stopMethod\":\"none\","
            + "\"targets\":[],\"leverage\":50,\"equity\":10000,\"qty\":8.3333}";
    static final String TRADER_B = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";

    @BeforeAll
    static void start() {
        desk = TestDesk.inMemory();
    }

    @AfterAll
    static void stop() {
        desk.close();
    }

    @Test
    void health_isOk_andTheDemoAccountIsSeeded() {
        TestDesk.Response r = desk.get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(desk.get("/api/subaccounts").json()).extracting(n -> n.get("name").asText()).contains("core", "degen");
        assertThat(desk.get("/api/positions").json().size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aName_withAControlCharacter_isRefused_andAHugeAmountIsNamedAsANumber() {
        int accounts = desk.get("/api/accounts").json().size();
        for (String name : new String[]{"\\u0000", "a\\nb", " \\t "}) {
            TestDesk.Response r = desk.post("/api/accounts", "{\"name\":\"" + name + "\"}");
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("name");
        }
        assertThat(desk.get("/api/accounts").json().size()).as("nothing stored").isEqualTo(accounts);
        TestDesk.Response big = desk.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"big\",\"walletBalance\":1e300}");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.json().get("error").asText())
                .isEqualTo("walletBalance: 1e300 is outside the allowed range 0 to 1,000,000,000,000,000");
    }

    @Test
    void aWalletTheCrossPositionsCannotStand_isRefused_andAClosePriceBelowOneTickIsNamed() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"qa\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"x\",\"walletBalance\":10000}").json().get("id").asLong();
            double mark = d.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
            long pos = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.5,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":10,\"marginMode\":\"cross\"}").json().get("id").asLong();
            // a wallet of 0 liquidated the cross long at the next mark; it is refused and nothing changes
            TestDesk.Response zero = d.put("/api/subaccounts/" + sub, "{\"walletBalance\":0}");
            assertThat(zero.status()).isEqualTo(400);
            assertThat(zero.json().get("field").asText()).isEqualTo("walletBalance");
            assertThat(zero.json().get("error").asText()).contains("would liquidate the cross positions at once");
            assertThat(d.get("/api/subaccounts/" + sub).json().get("walletBalance").decimalValue()).isEqualByComparingTo("10000");
            assertThat(d.put("/api/subaccounts/" + sub, "{\"walletBalance\":9000}").status()).isEqualTo(200);
            TestDesk.Response tiny = d.post("/api/positions/" + pos + "/close", "{\"price\":0.001}");
            assertThat(tiny.status()).isEqualTo(400);
            assertThat(tiny.json().get("error").asText()).isEqualTo("price: 0.001 is below one tick (0.1) of BTCUSDT: not a price this contract trades at");
            assertThat(d.get("/api/positions/" + pos).status()).isEqualTo(200);
        }
    }

    @Test
    void calc_returnsTheCalcReportJson() {
        TestDesk.Response r = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20}");
        assertThat(r.status()).isEqualTo(200);
        Instrument btc = TierTables.bundled().get("BTCUSDT");
        PositionReport expected = MarginCalculator.evaluate(Position.isolated("BTCUSDT", Side.LONG, 0.5, 60000, 20), btc, 0);
        assertThat(r.json()).isEqualTo(parse(Json.write(expected)));
    }

    @Test
    void test_calc_bodyNamesItsExchange() throws Exception {
        TestDesk.Response r = desk.post("/api/calc", "{\"exchange\":\"bybit\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":20000,"
                + "\"qty\":1,\"leverage\":50,\"mmr\":0.005}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("liquidationPrice").asDouble()).isEqualTo(19_700);
        assertThat(r.json().get("exchange").asText()).isEqualTo("bybit");
        TestDesk.Response inverse = desk.post("/api/calc", "{\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                + "\"entryPrice\":25000,\"contracts\":100,\"leverage\":20,\"mmr\":0.004}");
        assertThat(inverse.json().get("maintenanceMargin").asDouble()).isCloseTo(0.0016, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(inverse.json().get("currency").asText()).isEqualTo("BTC");
        TestDesk.Response bad = desk.post("/api/calc", "{\"exchange\":\"kraken\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":1,\"qty\":1,\"leverage\":2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("exchange");
    }

    @Test
    void test_inverse_sizeCheckAndFunding_inTheCoin_byTheBodysExchange() {
        // size: 1 BTC, 1 %, 60,000 → 58,000 at 10x, one tier of 0.4 %: 164 contracts of 100 USD
        JsonNode size = desk.post("/api/size", "{\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"equity\":1,\"riskPct\":1,"
                + "\"entryPrice\":60000,\"stop\":58000,\"leverage\":10,\"mmr\":0.004}").json();
        assertThat(size.get("contracts").asDouble()).isEqualTo(164);
        assertThat(size.get("currency").asText()).isEqualTo("BTC");
        // check: the same size and liquidation, priced by the wrapped body's exchange
        TestDesk.Response check = desk.post("/api/check", "{\"exchange\":\"binance-coinm\",\"mmr\":0.004,\"plan\":{\"symbol\":\"BTCUSD_PERP\","
                + "\"side\":\"long\",\"thesis\":\"reclaim of the range low with rising open interest\",\"entryPrice\":60000,\"stop\":58000,"
                + "\"stopMethod\":\"structure\",\"targets\":[66000],\"leverage\":10,\"equity\":1,\"riskPct\":1}}");
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        assertThat(check.json().at("/sized/qty").asDouble()).isEqualTo(size.get("qty").asDouble());
        assertThat(check.json().at("/sized/liquidationPrice").asDouble()).isEqualTo(size.get("liquidationPrice").asDouble());
        // funding: rate × contracts × face / mark, in BTC
        JsonNode funding = desk.post("/api/funding", "{\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"contracts\":100,"
                + "\"leverage\":20,\"fundingRate\":0.0006,\"markPrice\":60000,\"mmr\":0.004}").json();
        assertThat(funding.get("currency").asText()).isEqualTo("BTC");
        assertThat(funding.get("paymentPerInterval").asDouble()).isCloseTo(0.0006 * 10_000 / 60_000, org.assertj.core.api.Assertions.within(1e-18));
        assertThat(funding.get("intervalsToLiquidation").asInt()).isEqualTo(77);
    }

    private static JsonNode parse(String s) {
        try {
            return TestDesk.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void check_traderA_fails_onStopSizeAndLeverage() {
        TestDesk.Response r = desk.post("/api/check", TRADER_A);
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("verdict").asText()).isEqualTo("fail");
        assertThat(verdicts(j)).containsEntry("stop", "fail").containsEntry("size", "fail").containsEntry("leverage", "fail");
    }

    @Test
    void check_traderB_passesOrWarns_andTheWrappedFormTakesAPolicy() {
        JsonNode b = desk.post("/api/check", TRADER_B).json();
        assertThat(b.get("verdict").asText()).isIn("pass", "warn");
        for (JsonNode rule : b.get("rules")) {
            assertThat(rule.get("message").asText()).isNotBlank();
        }
        // a policy allowing only 5x turns the same plan into a leverage failure
        JsonNode strict = desk.post("/api/check", "{\"plan\":" + TRADER_B + ",\"policy\":{\"maxLeverage\":5}}").json();
        assertThat(verdicts(strict)).containsEntry("leverage", "fail");
    }

    private static Map<String, String> verdicts(JsonNode j) {
        Map<String, String> m = new java.util.HashMap<>();
        for (JsonNode rule : j.get("rules")) {
            m.put(rule.get("id").asText(), rule.get("verdict").asText());
        }
        return m;
    }

    @Test
    void badInput_getsJson4xx_serverKeepsServing_databaseUnchanged() {
        String before = counts();
        List<TestDesk.Response> bad = new ArrayList<>();
        bad.add(desk.post("/api/calc", "{\"symbol\": \"BTCUSDT\", \"side\": "));                                         // malformed
        bad.add(desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,\"leverage\":20}"));          // entryPrice missing
        bad.add(desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":NaN,\"qty\":1,\"leverage\":20}"));
        bad.add(desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":\"NaN\",\"qty\":1,\"leverage\":20}"));
        bad.add(desk.post("/api/calc", "[1,2,3]"));
        bad.add(desk.post("/api/calc", ""));
        bad.add(desk.post("/api/check", "{\"plan\":{\"symbol\":\"BTCUSDT\"}}"));
        bad.add(desk.post("/api/positions", "{\"subAccountId\":1,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":\"lots\",\"entryPrice\":60000,\"leverage\":10}"));
        bad.add(desk.post("/api/positions", "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":100,\"entryPrice\":4000,\"leverage\":150}"));
        bad.add(desk.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"x\",\"walletBalance\":-5}"));
        bad.add(desk.post("/api/calc", "{\"pad\":\"" + "x".repeat(200_000) + "\"}"));                                    // huge
        for (TestDesk.Response r : bad) {
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
            JsonNode j = r.json();
            assertThat(j.has("error")).as(r.body()).isTrue();
            assertThat(j.has("field")).as(r.body()).isTrue();
        }
        assertThat(bad.get(0).json().get("field").asText()).isEqualTo("body");
        assertThat(bad.get(1).json().get("field").asText()).isEqualTo("entryPrice");
        assertThat(bad.get(3).json().get("field").asText()).isEqualTo("entryPrice");
        assertThat(bad.get(6).json().get("field").asText()).startsWith("plan.");
        assertThat(bad.get(7).json().get("field").asText()).contains("qty");
        assertThat(bad.get(8).json().get("field").asText()).isEqualTo("leverage");
        assertThat(bad.get(10).status()).isEqualTo(413);
        assertThat(desk.get("/api/health").status()).isEqualTo(200);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void unknownPathAndId_are404Json() {
        TestDesk.Response p = desk.get("/api/nothing-here");
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.json().get("error").asText()).contains("no such endpoint");
        // an endpoint that exists, asked with another method: 405, not "no such endpoint"
        TestDesk.Response get = desk.get("/api/calc");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.json().get("error").asText()).startsWith("method not allowed: GET /api/calc");
        TestDesk.Response id = desk.get("/api/positions/999999");
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.json().get("error").asText()).contains("position 999999 not found");
    }

    @Test
    void crud_accountSubAccountPosition() {
        long acct = desk.post("/api/accounts", "{\"name\":\"crud-test\"}").json().get("id").asLong();
        TestDesk.Response sub = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"swing\",\"walletBalance\":5000.12345678}");
        assertThat(sub.status()).isEqualTo(201);
        assertThat(sub.json().get("walletBalance").decimalValue()).isEqualByComparingTo("5000.12345678");
        long subId = sub.json().get("id").asLong();
        TestDesk.Response pos = desk.post("/api/positions", "{\"subAccountId\":" + subId
                + ",\"symbol\":\"ethusdt\",\"side\":\"short\",\"qty\":2.5,\"entryPrice\":4400.01,\"leverage\":10,\"marginMode\":\"isolated\"}");
        assertThat(pos.status()).as(pos.body()).isEqualTo(201);
        long posId = pos.json().get("id").asLong();
        assertThat(pos.json().get("symbol").asText()).isEqualTo("ETHUSDT");
        assertThat(pos.json().get("entryPrice").decimalValue()).isEqualByComparingTo("4400.01");
        // the same symbol and side twice is refused as a conflict with the one held
        assertThat(desk.post("/api/positions", "{\"subAccountId\":" + subId
                + ",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":1,\"entryPrice\":4400,\"leverage\":10}").status()).isEqualTo(409);
        TestDesk.Response upd = desk.put("/api/positions/" + posId, "{\"subAccountId\":" + subId
                + ",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":3,\"entryPrice\":4400.01,\"leverage\":10,\"marginMode\":\"isolated\"}");
        assertThat(upd.json().get("qty").decimalValue()).isEqualByComparingTo("3");
        // a wallet too small for the isolated margin (3 × 4400.01 / 10 = 1320) is refused
        assertThat(desk.put("/api/subaccounts/" + subId, "{\"walletBalance\":1000}").status()).isEqualTo(400);
        assertThat(desk.get("/api/desk").json().get("subAccounts").toString()).contains("\"name\":\"swing\"");
        assertThat(desk.delete("/api/positions/" + posId).status()).isEqualTo(204);
        assertThat(desk.delete("/api/accounts/" + acct).status()).isEqualTo(204);
        assertThat(desk.get("/api/subaccounts/" + subId).status()).isEqualTo(404);
    }

    @Test
    void size_kelly_journal_answerLikeTheirCommands() {
        // Trader B through the sizer: the loss at the stop, fees and slippage included, stays within 2 % of 10,000
        JsonNode size = desk.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,\"leverage\":10}").json();
        assertThat(size.get("lossAtStop").asDouble()).isLessThanOrEqualTo(200).isGreaterThan(150);
        assertThat(size.get("ok").asBoolean()).isTrue();
        // Kelly with W = 0.55, R = 1.5: f* = 0.55 − 0.45 / 1.5 = 0.25
        JsonNode k = desk.post("/api/kelly", "{\"winRate\":0.55,\"payoff\":1.5}").json();
        assertThat(k.get("kellyFraction").asDouble()).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-12));
        // a percent reads as recovery reads it (55 = 55 %); 1 could be 100 % or 1 % and is refused
        assertThat(desk.post("/api/kelly", "{\"winRate\":55,\"payoff\":1.5}").json().get("kellyFraction").asDouble())
                .isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(desk.post("/api/kelly", "{\"winRate\":1,\"payoff\":1.5}").json().get("field").asText()).isEqualTo("winRate");
        JsonNode j = desk.get("/api/journal").json();
        assertThat(j.get("trades").isArray()).isTrue();
        assertThat(desk.post("/api/kelly", "{\"journal\":true}").status()).isEqualTo(400);
    }

    /** Three BTC round trips, generic CSV: +100, −50, +100 realized, 1 USDT fee per fill. */
    static final String JOURNAL_CSV = """
            time,symbol,side,qty,price,realizedPnl,fee
            1704067200000,BTCUSDT,buy,0.1,60000,0,1
            1704069000000,BTCUSDT,sell,0.1,61000,100,1
            1704070800000,BTCUSDT,buy,0.1,60000,0,1
            1704072600000,BTCUSDT,sell,0.1,59500,-50,1
            1704074400000,BTCUSDT,buy,0.1,60000,0,1
            1704076200000,BTCUSDT,sell,0.1,61000,100,1
            """;

    static TestDesk.Response postCsv(TestDesk d, String path, String csv) {
        return d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base + path)).header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)));
    }

    @Test
    void journalImport_isIdempotent_namesTheBadLine_andDeletedTradesStayDeleted() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode first = postCsv(d, "/api/journal/import?source=week1.csv", JOURNAL_CSV).json();
            assertThat(first.get("source").asText()).isEqualTo("week1.csv");
            assertThat(first.get("format").asText()).isEqualTo("generic");
            assertThat(first.get("fillsAdded").asInt()).isEqualTo(6);
            assertThat(first.get("tradesAdded").asInt()).isEqualTo(3);
            // the same file again adds nothing
            JsonNode again = postCsv(d, "/api/journal/import", JOURNAL_CSV).json();
            assertThat(again.get("fillsAdded").asInt()).isZero();
            assertThat(again.get("fillsAlreadyStored").asInt()).isEqualTo(6);
            assertThat(again.get("trades").asInt()).isEqualTo(3);

            // a malformed row: 400 naming its line, nothing written
            String bad = JOURNAL_CSV.replace("1704076200000,BTCUSDT,sell,0.1,61000,100,1", "1704076200000,BTCUSDT,sell,0.1,sixty,100,1")
                    + "1704078000000,BTCUSDT,buy,0.2,60000,0,1\n";
            TestDesk.Response r = postCsv(d, "/api/journal/import", bad);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).contains("line 7");
            assertThat(d.get("/api/journal").json().get("trades").size()).isEqualTo(3);
            assertThat(postCsv(d, "/api/journal/import", " ").status()).isEqualTo(400);
            // a binary body is named as one, not echoed back as its header
            TestDesk.Response binary = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base + "/api/journal/import"))
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, (byte) 0xff, (byte) 0xfe, '\n', 'x'})));
            assertThat(binary.status()).isEqualTo(400);
            assertThat(binary.json().get("error").asText()).isEqualTo("body: is not UTF-8 text (is it a binary file?): post the CSV export itself");
            assertThat(d.get("/api/journal").json().get("trades").size()).isEqualTo(3);

            // delete the losing trade: gone from the list and from Kelly, and a re-import does not bring it back
            JsonNode trades = d.get("/api/journal").json().get("trades");
            String loser = null;
            for (JsonNode t : trades) {
                if (t.get("netPnl").asDouble() < 0) {
                    loser = t.get("id").asText();
                }
            }
            assertThat(d.delete("/api/journal/trades/" + loser).status()).isEqualTo(204);
            assertThat(d.get("/api/journal").json().get("trades").findValuesAsText("id")).hasSize(2).doesNotContain(loser);
            assertThat(d.delete("/api/journal/trades/" + loser).status()).isEqualTo(404);
            assertThat(d.delete("/api/journal/trades/nonsense").json().get("field").asText()).isEqualTo("id");
            JsonNode reimport = postCsv(d, "/api/journal/import", JOURNAL_CSV).json();
            assertThat(reimport.get("trades").asInt()).isEqualTo(2);
            assertThat(d.post("/api/kelly", "{\"journal\":true,\"resamples\":100}").json().get("sampleSize").asInt()).isEqualTo(2);
        }
    }

    @Test
    void openApi_describesTheEndpoints() {
        JsonNode o = desk.get("/api/openapi.json").json();
        assertThat(o.get("openapi").asText()).startsWith("3.");
        assertThat(o.get("paths").has("/api/check")).isTrue();
        assertThat(o.get("paths").has("/api/calc")).isTrue();
        assertThat(o.get("paths").has("/api/portfolio")).isTrue();
        assertThat(o.get("paths").has("/api/funding")).isTrue();
        assertThat(o.get("paths").has("/api/recovery")).isTrue();
    }

    @Test
    void exchanges_listEveryVenueTheApisTake_withEachContractsCurrencyAndWhetherATablePricesIt() {
        JsonNode venues = desk.get("/api/exchanges").json();
        assertThat(venues.findValuesAsText("id")).containsExactly(java.util.Arrays.stream(io.perpguard.venue.Exchange.values())
                .map(io.perpguard.venue.Exchange::id).toArray(String[]::new));
        JsonNode coinm = venues.get(java.util.Arrays.asList(io.perpguard.venue.Exchange.values()).indexOf(io.perpguard.venue.Exchange.BINANCE_COINM));
        assertThat(coinm.get("name").asText()).isEqualTo("Binance COIN-M");
        JsonNode perp = coinm.get("symbols").findParents("symbol").stream().filter(x -> x.get("symbol").asText().equals("BTCUSD_PERP"))
                .findFirst().orElseThrow();
        assertThat(perp.get("contractType").asText()).isEqualTo("inverse");
        assertThat(perp.get("currency").asText()).isEqualTo("BTC");
        assertThat(perp.get("contractSize").asDouble()).isEqualTo(100);
        assertThat(perp.get("tiers").isBoolean()).as("false unless a COIN-M table was saved (none ships): then priced with mmr").isTrue();
        JsonNode btc = venues.get(0).get("symbols").findParents("symbol").stream().filter(x -> x.get("symbol").asText().equals("BTCUSDT"))
                .findFirst().orElseThrow();
        assertThat(btc.get("currency").asText()).isEqualTo("USDT");
        assertThat(btc.get("tiers").asBoolean()).isTrue();
        assertThat(desk.get("/api/openapi.json").json().get("paths").has("/api/exchanges")).isTrue();
    }

    @Test
    void portfolioFundingRecovery_badInput_namesTheField() {
        TestDesk.Response p = desk.post("/api/portfolio", "{\"account\":{\"walletBalance\":1000,\"positions\":[]},\"shocks\":[\"lots\"]}");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.json().get("field").asText()).isEqualTo("shocks[0]");
        TestDesk.Response f = desk.post("/api/funding", "{\"notional\":50000,\"leverage\":20,\"fundingRate\":0.001,\"interval\":\"7x\"}");
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.json().get("field").asText()).isEqualTo("interval");
        TestDesk.Response r = desk.post("/api/recovery", "{\"winRate\":0.5}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("payoff");
        // without a returns directory the portfolio still answers, and says what is missing
        JsonNode ok = desk.post("/api/portfolio", "{\"walletBalance\":12000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,"
                + "\"entryPrice\":60000,\"leverage\":10,\"markPrice\":60000}]}").json();
        assertThat(ok.get("var").get("historical95").isNull()).isTrue();
        assertThat(ok.get("warnings").get(0).asText()).contains("returns");
        // the benchmark: named in the result, an unknown one refused in one line
        JsonNode eth = desk.post("/api/portfolio", "{\"account\":{\"walletBalance\":12000,\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\","
                + "\"qty\":1,\"entryPrice\":60000,\"leverage\":10,\"markPrice\":60000}]},\"benchmark\":\"ETHUSDT\",\"returns\":false}").json();
        assertThat(eth.get("benchmark").asText()).isEqualTo("ETHUSDT");
        assertThat(eth.get("warnings").get(0).asText()).startsWith("no --returns: beta is 1 for ETHUSDT by definition");
        TestDesk.Response bad = desk.post("/api/portfolio", "{\"account\":{\"walletBalance\":1000,\"positions\":[]},\"benchmark\":\"NOPEUSDT\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("benchmark");
        TestDesk.Response badCheck = desk.post("/api/check", "{\"plan\":{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,"
                + "\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":1},\"benchmark\":\"NOPEUSDT\"}");
        assertThat(badCheck.status()).isEqualTo(400);
        assertThat(badCheck.json().get("field").asText()).isEqualTo("benchmark");
    }

    @Test
    void benchmark_listedOnTwoVenues_isAcceptedAsAMarket_anUnknownOneStill400() {
        // the instruments of a desk over binance and bybit, which both list BTCUSDT (as VenueInstruments.merged leaves them)
        Map<String, Instrument> priced = new java.util.LinkedHashMap<>(TierTables.bundled().bySymbol());
        priced.remove("BTCUSDT");
        io.perpguard.instrument.Instruments twoVenues = new io.perpguard.instrument.Instruments(priced, "",
                Map.of("BTCUSDT", "BTCUSDT is listed on both binance and bybit"));
        try (TestDesk two = TestDesk.inMemory(twoVenues)) {
            String eth = "{\"walletBalance\":12000,\"positions\":[{\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":10,"
                    + "\"entryPrice\":3000,\"leverage\":10,\"markPrice\":3000}]}";
            TestDesk.Response ok = two.post("/api/portfolio", "{\"account\":" + eth + ",\"benchmark\":\"BTCUSDT\",\"returns\":false}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("benchmark").asText()).isEqualTo("BTCUSDT");
            assertThat(ok.json().get("hedge").isNull()).isTrue();
            TestDesk.Response bad = two.post("/api/portfolio", "{\"account\":" + eth + ",\"benchmark\":\"NOPEUSDT\",\"returns\":false}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asText()).isEqualTo("benchmark");
            TestDesk.Response check = two.post("/api/check", "{\"plan\":{\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"entryPrice\":3000,"
                    + "\"stop\":2900,\"stopMethod\":\"structure\",\"targets\":[3300],\"leverage\":10,\"equity\":10000,\"riskPct\":1},"
                    + "\"account\":" + eth + ",\"benchmark\":\"BTCUSDT\"}");
            assertThat(check.status()).as(check.body()).isEqualTo(200);
        }
    }

    @Test
    void entryPrice_isThePositionsName_theOldEntryIsNamedInTheRefusal_andPlansStillReadIt() {
        TestDesk.Response old = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":60000,\"qty\":0.5,\"leverage\":20}");
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.json().get("error").asText()).contains("did you mean 'entryPrice'");
        JsonNode calc = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20,"
                + "\"markPrice\":59000}").json();
        assertThat(calc.get("entryPrice").asDouble()).isEqualTo(60000);
        assertThat(calc.get("markPrice").asDouble()).isEqualTo(59000);
        JsonNode oldPlan = desk.post("/api/check", TRADER_B.replace("entryPrice", "entry")).json();
        assertThat(oldPlan.get("sized").get("qty").asDouble()).isEqualTo(desk.post("/api/check", TRADER_B).json().get("sized").get("qty").asDouble());
        assertThat(desk.post("/api/check", TRADER_B.replace("\"stop\"", "\"entry\":60000,\"stop\"")).status()).isEqualTo(400);
    }

    @Test
    void portfolio_ofTheDesksOwnAccount_isItsSubAccountsAtTheDesksMarks() {
        long demo = desk.get("/api/accounts").json().get(0).get("id").asLong();
        JsonNode pf = desk.post("/api/portfolio", "{\"accountId\":" + demo + ",\"returns\":false}").json();
        JsonNode deskJson = desk.get("/api/desk").json();
        List<String> names = new ArrayList<>();
        int positions = 0;
        for (JsonNode s : deskJson.get("subAccounts")) {
            if (s.get("accountId").asLong() == demo) {
                names.add(s.get("name").asText());
                positions += s.get("positions").size();
            }
        }
        assertThat(pf.get("subAccounts")).extracting(s -> s.get("name").asText()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(pf.get("positions").size()).isEqualTo(positions).isPositive();
        assertThat(desk.post("/api/portfolio", "{\"accountId\":999999}").status()).isEqualTo(404);
    }

    @Test
    void dashboardAndChartingLibrary_areServed() {
        assertThat(desk.get("/").body()).contains("perpguard").contains("/webjars/echarts/5.3.1/dist/echarts.min.js");
        TestDesk.Response lib = desk.get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(lib.status()).isEqualTo(200);
        assertThat(lib.body().length()).isGreaterThan(500_000);
    }

    @Test
    void restart_keepsAccounts_andDoesNotReseedTheDemo(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath();
        try (TestDesk first = new TestDesk(url)) {
            assertThat(first.post("/api/accounts", "{\"name\":\"kept\"}").status()).isEqualTo(201);
            long demo = first.get("/api/accounts").json().get(0).get("id").asLong();
            assertThat(first.delete("/api/accounts/" + demo).status()).isEqualTo(204);
        }
        try (TestDesk second = new TestDesk(url)) {
            assertThat(second.get("/api/accounts").json()).extracting(n -> n.get("name").asText()).containsExactly("kept");
        }
    }

    /** The API refuses an order below the venue's minimum notional (400, one line); /api/check warns an entry far from the mark. */
    @Nested
    class MinimumsAndMark {
        @Test
        void test_size_belowTheMinimum_isAnsweredWithBelowMinimum_asTheCommand() {
            TestDesk.Response r = desk.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":1000,\"riskAmount\":2.5,\"entryPrice\":60000,"
                    + "\"stop\":58000,\"leverage\":5}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("belowMinimum").asBoolean()).isTrue();
            assertThat(desk.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,"
                    + "\"leverage\":10}").json().get("belowMinimum").asBoolean()).isFalse();
        }

        @Test
        void test_check_entryDistanceThreshold_comesFromThePolicy() {
            String plan = TRADER_B.replace("\"riskPct\":2}", "\"riskPct\":2,\"markPrice\":63000}");
            assertThat(rule(desk.post("/api/check", plan).json(), "entry").get("verdict").asText()).isEqualTo("pass");
            TestDesk.Response tight = desk.post("/api/check", "{\"plan\":" + plan + ",\"policy\":{\"maxEntryDistancePct\":3}}");
            assertThat(tight.status()).as(tight.body()).isEqualTo(200);
            assertThat(rule(tight.json(), "entry").get("reason").asText()).isEqualTo("entry_far_from_mark");
            TestDesk.Response bad = desk.post("/api/check", "{\"plan\":" + plan + ",\"policy\":{\"maxEntryDistancePct\":-1}}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asText()).isEqualTo("policy.maxEntryDistancePct");
        }

        @Test
        void test_calc_belowTheMinimumNotional_is400NamingQty() {
            TestDesk.Response r = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.001,\"leverage\":20}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("qty");
            assertThat(r.json().get("error").asText()).contains("below the minimum notional 100 of BTCUSDT (smallest qty at this price: 0.002)");
            TestDesk.Response n = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"notional\":99,\"leverage\":20}");
            assertThat(n.status()).isEqualTo(400);
            assertThat(n.json().get("field").asText()).isEqualTo("notional");
        }

        @Test
        void test_check_entryFarFromTheGivenMark_isWarned_andATinyQtyFailsSize() {
            String plan = TRADER_B.replace("\"riskPct\":2}", "\"qty\":0.001,\"markPrice\":600000}");
            TestDesk.Response r = desk.post("/api/check", plan);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode entry = rule(r.json(), "entry"), size = rule(r.json(), "size");
            assertThat(entry.get("verdict").asText()).isEqualTo("warn");
            assertThat(entry.get("reason").asText()).isEqualTo("entry_far_from_mark");
            assertThat(entry.get("message").asText()).contains("90 % below the current price 600,000");
            assertThat(size.get("reason").asText()).isEqualTo("size_below_minimum");
            assertThat(r.json().get("verdict").asText()).isEqualTo("fail");
            // without a mark in the plan the desk compares with its own current mark (the replayed BTCUSDT mark)
            TestDesk.Response desks = desk.post("/api/check", plan.replace(",\"markPrice\":600000", ""));
            assertThat(rule(desks.json(), "entry").get("reason").asText()).isIn("ENTRY_NEAR_MARK", "entry_far_from_mark");
            assertThat(rule(desks.json(), "entry").get("values").get("markPrice").isNumber()).isTrue();
            TestDesk.Response bad = desk.post("/api/check", plan.replace("\"markPrice\":600000", "\"markPrice\":-5"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asText()).isEqualTo("markPrice");
            TestDesk.Response typo = desk.post("/api/check", plan.replace("\"markPrice\":600000", "\"markPrise\":5"));
            assertThat(typo.status()).isEqualTo(400);
            assertThat(typo.json().get("error").asText()).contains("did you mean 'markPrice'?");
            // a plan written before the rename says "mark": still read, the same answer
            TestDesk.Response old = desk.post("/api/check", plan.replace("\"markPrice\"", "\"mark\""));
            assertThat(old.status()).as(old.body()).isEqualTo(200);
            assertThat(old.json().get("rules")).isEqualTo(r.json().get("rules"));
            assertThat(desk.post("/api/check", plan.replace("}", ",\"mark\":5}")).json().get("error").asText()).contains("markPrice only");
        }
    }

    static JsonNode rule(JsonNode check, String id) {
        for (JsonNode r : check.get("rules")) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + check);
    }

    private static String counts() {
        JsonNode h = desk.get("/api/health").json();
        return h.get("accounts") + "/" + h.get("subAccounts") + "/" + h.get("positions");
    }
}
