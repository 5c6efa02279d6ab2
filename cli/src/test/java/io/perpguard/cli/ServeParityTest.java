package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The API answers exactly what the CLI prints with --json, for the same inputs. */
class ServeParityTest {
    static DeskServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:parity-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 0,
                DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return M.readTree(r.body());
    }

    @Test
    void calc_apiEqualsCliJson_isolatedAndCross() throws Exception {
        JsonNode api = post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"entryPrice\":61000,\"qty\":2.5,\"leverage\":40,\"markPrice\":61500}");
        JsonNode cli = CliRun.of("calc", "--symbol", "BTCUSDT", "--side", "short", "--entry", "61000", "--qty", "2.5",
                "--leverage", "40", "--mark", "61500", "--json").json();
        assertThat(api).isEqualTo(cli);
        JsonNode apiCross = post("/api/calc", "{\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"entryPrice\":3000,\"notional\":90000,\"leverage\":20,"
                + "\"marginMode\":\"cross\",\"walletBalance\":6000}");
        JsonNode cliCross = CliRun.of("calc", "--symbol", "ETHUSDT", "--side", "long", "--entry", "3000", "--notional", "90000",
                "--leverage", "20", "--margin-mode", "cross", "--wallet", "6000", "--json").json();
        assertThat(apiCross).isEqualTo(cliCross);
    }

    @Test
    void cascade_apiEqualsCliJson_forEachBuiltInEvent() throws Exception {
        for (String event : io.perpguard.data.cascade.ScenarioFile.builtInNames()) {
            JsonNode api = post("/api/cascade", "{\"scenario\":\"" + event + "\",\"core\":\"analytic\"}");
            JsonNode cli = CliRun.of("cascade", "--scenario", event, "--core", "analytic", "--json").json();
            assertThat(api).as(event).isEqualTo(cli);
        }
    }

    @Test
    void tiers_apiEqualsCliJson() throws Exception {
        JsonNode api = post("/api/tiers", "{\"symbol\":\"BTCUSDT\",\"sizes\":[1,10,100],\"leverage\":20,\"entryPrice\":60000}");
        JsonNode cli = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1,10,100", "--leverage", "20", "--entry", "60000", "--json").json();
        assertThat(api).isEqualTo(cli);
    }

    @Test
    void size_and_kelly_apiEqualsCliJson() throws Exception {
        JsonNode api = post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,\"leverage\":10}");
        JsonNode cli = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000",
                "--stop", "58400", "--leverage", "10", "--json").json();
        assertThat(api).isEqualTo(cli);
        JsonNode apiK = post("/api/kelly", "{\"winRate\":0.55,\"payoff\":1.5,\"fraction\":0.25}");
        JsonNode cliK = CliRun.of("kelly", "--win-rate", "0.55", "--payoff", "1.5", "--fraction", "0.25", "--json").json();
        assertThat(apiK).isEqualTo(cliK);
        // the stated percent: one reader for both front ends
        assertThat(post("/api/kelly", "{\"winRatePct\":1.5,\"payoff\":3}"))
                .isEqualTo(CliRun.of("kelly", "--win-rate-pct", "1.5", "--payoff", "3", "--json").json());
    }

    @Test
    void size_inverse_apiEqualsCliJson() throws Exception {
        JsonNode api = post("/api/size", "{\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"equity\":1,\"riskPct\":1,"
                + "\"entryPrice\":60000,\"stop\":58000,\"leverage\":10,\"mmr\":0.004}");
        JsonNode cli = CliRun.of("size", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--equity", "1", "--risk-pct", "1",
                "--entry", "60000", "--stop", "58000", "--leverage", "10", "--mmr", "0.004", "--json").json();
        assertThat(api).isEqualTo(cli);
        assertThat(api.get("contracts").asDouble()).isEqualTo(164);
        assertThat(api.get("currency").asText()).isEqualTo("BTC");
    }

    @Test
    void check_apiEqualsCliJson_whenBothGetTheSameBars() throws Exception {
        // closes in the plan make both sides use the same trend input (the API would otherwise use the replayed bars)
        StringBuilder closes = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            closes.append(i == 0 ? "" : ",").append(60_000 - 20 * i);
        }
        String plan = CheckCommandTest.TRADER_B.replace("}", ",\"closes\":[" + closes + "],\"fundingRate\":0.0001}");
        Path f = dir.resolve("plan.json");
        Files.writeString(f, plan);
        JsonNode api = post("/api/check", plan);
        JsonNode cli = CliRun.of("check", "--plan", f.toString(), "--json").json();
        assertThat(api).isEqualTo(cli);
    }

    @Test
    void traderB_getsTheSameSize_fromCheckAndSize_onCliAndApi() throws Exception {
        Path f = dir.resolve("b.json");
        Files.writeString(f, CheckCommandTest.TRADER_B);
        String size = "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,\"leverage\":10}";
        double cliCheck = CliRun.of("check", "--plan", f.toString(), "--json").json().at("/sized/qty").asDouble();
        double apiCheck = post("/api/check", CheckCommandTest.TRADER_B).at("/sized/qty").asDouble();
        double cliSize = CliRun.of("size", "--symbol", "BTCUSDT", "--equity", "10000", "--risk-pct", "2", "--entry", "60000",
                "--stop", "58400", "--leverage", "10", "--json").json().get("qty").asDouble();
        double apiSize = post("/api/size", size).get("qty").asDouble();
        // one loss-per-unit formula (price move to the slipped stop fill + taker fees both ways): 0.116 BTC everywhere
        assertThat(new double[]{cliCheck, apiCheck, cliSize, apiSize}).containsOnly(0.116);
    }

    @Test
    void portfolio_apiEqualsCliJson_withoutReturns_subAccountsAndShocks() throws Exception {
        Path f = dir.resolve("pf.json");
        Files.writeString(f, PortfolioCommandTest.CORE_AND_DEGEN);
        JsonNode api = post("/api/portfolio", PortfolioCommandTest.CORE_AND_DEGEN);
        JsonNode cli = CliRun.of("portfolio", "--account", f.toString(), "--json").json();
        assertThat(api).isEqualTo(cli);
        JsonNode apiShock = post("/api/portfolio", "{\"account\":" + PortfolioCommandTest.CORE_AND_DEGEN + ",\"shocks\":[-30,\"BTCUSDT=-20\"]}");
        JsonNode cliShock = CliRun.of("portfolio", "--account", f.toString(), "--shock", "-30", "--shock", "BTCUSDT=-20", "--json").json();
        assertThat(apiShock).isEqualTo(cliShock);
        // the scenarios asked for are there: market-wide and per symbol
        assertThat(apiShock.get("scenarios").toString()).contains("BTCUSDT=-20");
    }

    @Test
    void portfolio_apiEqualsCliJson_withTheDesksReturnsDirectory() throws Exception {
        assertThat(PortfolioCommandTest.CANDLES).as("shipped sample data").isDirectory();
        String account = """
                { "walletBalance": 20000, "positions": [
                    { "symbol": "ETHUSDT", "side": "long", "qty": 10, "entryPrice": 3000, "leverage": 10, "markPrice": 3242.13 } ],
                  "spot": [ { "asset": "BTC", "qty": 2 } ] }""";
        Path f = dir.resolve("spot.json");
        Files.writeString(f, account);
        try (DeskServer withReturns = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:parity-r-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY, PortfolioCommandTest.CANDLES, null))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(withReturns.url() + "api/portfolio"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"account\":" + account + ",\"window\":180}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode api = M.readTree(r.body());
            JsonNode cli = CliRun.of("portfolio", "--account", f.toString(), "--returns", PortfolioCommandTest.CANDLES.toString(),
                    "--window", "180", "--json").json();
            assertThat(api).isEqualTo(cli);
            assertThat(api.get("var").get("days").asInt()).isEqualTo(180);
        }
    }

    @Test
    void funding_apiEqualsCliJson() throws Exception {
        JsonNode api = post("/api/funding", "{\"notional\":50000,\"leverage\":20,\"fundingRate\":0.001,\"side\":\"long\",\"interval\":\"8h\"}");
        JsonNode cli = CliRun.of("funding", "--notional", "50000", "--leverage", "20", "--rate", "0.001", "--side", "long",
                "--interval", "8h", "--json").json();
        assertThat(api).isEqualTo(cli);
        // 20x: margin 5 % of notional; 0.1 % per payment eats it well before 50 payments
        assertThat(api.get("intervalsToLiquidation").asInt()).isBetween(1, 50);
        assertThat(api.get("drift").size()).isEqualTo(api.get("intervalsToLiquidation").asInt());
        JsonNode apiEth = post("/api/funding", "{\"symbol\":\"ETHUSDT\",\"notional\":9000,\"leverage\":5,\"fundingRate\":-0.0003,\"side\":\"short\",\"markPrice\":3000}");
        JsonNode cliEth = CliRun.of("funding", "--symbol", "ETHUSDT", "--notional", "9000", "--leverage", "5", "--rate", "-0.0003",
                "--side", "short", "--mark", "3000", "--json").json();
        assertThat(apiEth).isEqualTo(cliEth);
    }

    @Test
    void recovery_apiEqualsCliJson_tableAndRiskOfRuin() throws Exception {
        JsonNode api = post("/api/recovery", "{\"drawdowns\":[20,50,75]}");
        JsonNode cli = CliRun.of("recovery", "--drawdowns", "20,50,75", "--json").json();
        assertThat(api).isEqualTo(cli);
        assertThat(api.get("rows").get(1).get("requiredGainPct").asDouble()).isEqualTo(100.0);
        JsonNode apiRor = post("/api/recovery", "{\"winRate\":0.45,\"payoff\":2,\"riskPct\":5,\"trades\":200,\"paths\":2000,\"seed\":7}");
        JsonNode cliRor = CliRun.of("recovery", "--win-rate", "0.45", "--payoff", "2", "--risk-pct", "5", "--trades", "200",
                "--paths", "2000", "--seed", "7", "--json").json();
        assertThat(apiRor).isEqualTo(cliRor);
    }

    @Test
    void survival_apiEqualsSimulateJson_onTheDesksCandleFile() throws Exception {
        Path candles = Path.of(System.getProperty("perpguard.samples", Repo.path("samples")), "candles", "BTCUSDT-1h-futures-2023.csv");
        assertThat(candles).as("shipped sample data").isRegularFile();
        try (DeskServer sim = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:parity-s-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY, null, candles))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.url() + "api/survival"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"paths\":200,\"horizonDays\":30,\"seed\":3}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode api = M.readTree(r.body());
            for (String policy : new String[]{"a", "b"}) {
                JsonNode cli = CliRun.of("simulate", "--candles", candles.toString(), "--policy", policy, "--paths", "200", "--horizon", "30d",
                        "--seed", "3", "--json").json();
                JsonNode p = api.get(policy);
                assertThat(p.get("survivalAtHorizon")).as(policy).isEqualTo(cli.get("survivalAtHorizon"));
                assertThat(p.get("survivalInterval95")).as(policy).isEqualTo(cli.get("survivalInterval95"));
                assertThat(p.get("survivalInterval95").get("low").asDouble()).as(policy).isLessThanOrEqualTo(p.get("survivalAtHorizon").asDouble());
                assertThat(p.get("liquidatedShare")).as(policy).isEqualTo(cli.get("liquidatedShare"));
                assertThat(p.get("medianDaysToRuin")).as(policy).isEqualTo(cli.get("medianDaysToRuin"));
                for (int d = 0; d < 30; d++) {
                    assertThat(p.get("survivalByDay").get(d)).isEqualTo(cli.get("survivalCurve").get(d).get("survival"));
                }
            }
            // Trader A dies far more often than Trader B (the guide's point)
            assertThat(api.get("a").get("survivalAtHorizon").asDouble()).isLessThan(api.get("b").get("survivalAtHorizon").asDouble());
        }
    }

    @Test
    void stops_apiEqualsCliJson_onTheReplayedBarsUpToTheMark() throws Exception {
        long markTime = M.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "api/marks")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("timeMs").asLong();
        io.perpguard.market.CandleSeries c = io.perpguard.server.MarkReplay.bundled().candles("BTCUSDT");
        StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
        for (int i = 0; i < c.size(); i++) {
            csv.append(c.openTimeMs()[i]).append(',').append(c.open()[i]).append(',').append(c.high()[i]).append(',')
                    .append(c.low()[i]).append(',').append(c.close()[i]).append(",0\n");
        }
        Path f = dir.resolve("BTCUSDT-replay.csv");
        Files.writeString(f, csv);
        JsonNode api = post("/api/stops", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":121000,\"mult\":2.5}");
        CliRun run = CliRun.of("stops", "--candles", f.toString(), "--side", "long", "--entry", "121000", "--mult", "2.5",
                "--at", Long.toString(markTime), "--symbol", "BTCUSDT", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode cli = run.json();
        assertThat(api).isEqualTo(cli);
        assertThat(api.get("at").asText()).isEqualTo(java.time.Instant.ofEpochMilli(markTime).toString());
        assertThat(api.get("suggestions").size()).isPositive();
    }

    /** {@code POST /api/calc} with an account body = {@code calc --account FILE --json}: no test compared them. */
    @Test
    void calcAccount_apiEqualsCliJson_crossAndIsolated() throws Exception {
        String account = """
                { "walletBalance": 12000, "positions": [
                    { "symbol": "BTCUSDT", "side": "long", "qty": 0.2, "entryPrice": 60000, "leverage": 10, "markPrice": 58000 },
                    { "symbol": "ETHUSDT", "side": "short", "qty": 3, "entryPrice": 3000, "leverage": 20, "marginMode": "isolated", "markPrice": 3100 } ] }""";
        Path f = dir.resolve("acct.json");
        Files.writeString(f, account);
        JsonNode api = post("/api/calc", account);
        JsonNode cli = CliRun.of("calc", "--account", f.toString(), "--json").json();
        assertThat(api).isEqualTo(cli);
        assertThat(api.get("positions").size()).isEqualTo(2);
    }

    /**
     * The journal over the API = the journal commands on the same CSV: {@code GET /api/journal}'s trades = {@code journal
     * list --json}'s and {@code POST /api/kelly {journal: true}} = {@code kelly --db URL --json} but for the source each names.
     */
    @Test
    void journalAndKelly_apiEqualCliJson_forTheSameImport() throws Exception {
        Path csv = AcceptanceSweepTest.ROOT.resolve("docs/examples/week1.csv");
        assertThat(csv).as("shipped example").isRegularFile();
        try (DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:parity-j-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 0,
                DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY))) {
            HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(URI.create(desk.url() + "api/journal/import?source=week1.csv"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            String db = "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath();
            CliRun cliImport = CliRun.of("journal", "import", csv.toString(), "--db", db, "--json");
            assertThat(cliImport.exit()).as(cliImport.err()).isZero();

            JsonNode apiList = M.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(desk.url() + "api/journal")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode cliList = CliRun.of("journal", "list", "--db", db, "--json").json();
            // the API's page adds total, offset and limit (GET /api/journal?offset=&limit=); the trades are the command's
            assertThat(apiList.get("trades")).isEqualTo(cliList.get("trades"));
            assertThat(apiList.get("trades").size()).isEqualTo(3);
            assertThat(apiList.get("total").asInt()).isEqualTo(3);

            HttpResponse<String> k = HTTP.send(HttpRequest.newBuilder(URI.create(desk.url() + "api/kelly")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"journal\":true}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(k.statusCode()).as(k.body()).isEqualTo(200);
            JsonNode apiKelly = M.readTree(k.body());
            JsonNode cliKelly = CliRun.of("kelly", "--db=" + db, "--json").json();
            assertThat(withoutField(apiKelly, "source")).isEqualTo(withoutField(cliKelly, "source"));
            assertThat(apiKelly.get("sampleSize").asInt()).isEqualTo(3);
        }
    }

    private static JsonNode withoutField(JsonNode n, String field) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = n.deepCopy();
        copy.remove(field);
        return copy;
    }

    /**
     * {@code GET /api/desk} prices each demo sub-account as {@code calc --account --json} prices the same positions at the
     * same marks: liquidation price, margin ratio and uPnL per position (DeskCoinmTest compares a COIN-M one; no test
     * compared the USDⓈ-M demo, cross and isolated).
     */
    @Test
    void desk_pricesEachSubAccount_asCalcAccountJson() throws Exception {
        JsonNode desk = M.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "api/desk")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        int compared = 0;
        for (JsonNode sub : desk.get("subAccounts")) {
            com.fasterxml.jackson.databind.node.ObjectNode account = M.createObjectNode();
            account.set("walletBalance", sub.get("walletBalance"));
            com.fasterxml.jackson.databind.node.ArrayNode positions = account.putArray("positions");
            for (JsonNode p : sub.get("positions")) {
                com.fasterxml.jackson.databind.node.ObjectNode row = positions.addObject();
                for (String f : new String[]{"symbol", "side", "qty", "entryPrice", "leverage", "marginMode", "markPrice"}) {
                    row.set(f, p.get(f));
                }
            }
            Path f = dir.resolve(sub.get("name").asText() + ".json");
            Files.writeString(f, account.toString());
            JsonNode cli = CliRun.of("calc", "--account", f.toString(), "--json").json();
            for (int i = 0; i < sub.get("positions").size(); i++) {
                JsonNode d = sub.get("positions").get(i), c = cli.get("positions").get(i);
                for (String field : new String[]{"symbol", "liquidationPrice", "marginRatio", "unrealizedPnl"}) {
                    assertThat(d.get(field)).as(sub.get("name") + " " + d.get("symbol") + " " + field).isEqualTo(c.get(field));
                }
                compared++;
            }
        }
        assertThat(compared).as("the demo's core and degen positions").isGreaterThanOrEqualTo(4);
    }
}
