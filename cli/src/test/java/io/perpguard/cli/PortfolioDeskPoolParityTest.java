package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.app.PooledAccount;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskDatabase;
import io.perpguard.server.DeskServer;
import io.perpguard.server.DeskStore;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk's portfolio of its own account ({@code POST /api/portfolio {accountId}}) prices a pooled sub-account — its
 * collateral stored beside it as the live mirror stores a Multi-Assets account, the BTC index read at another BTCUSDT
 * mark — on its pool, as {@code portfolio --account --json} prices a file stating the same assets (the BTC at its index
 * moved with BTCUSDT since): the same JSON, field for field, with returns and a −10 % shock.
 */
class PortfolioDeskPoolParityTest {
    static final ObjectMapper M = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static JsonNode send(DeskServer s, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path.substring(1)));
        HttpResponse<String> r = HTTP.send((body == null ? b.GET() : b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + body + ": " + r.body()).isBetween(200, 201);
        return M.readTree(r.body());
    }

    /** The desk view's sub-account {@code id} (the demo account has a "core" too). */
    static JsonNode sub(JsonNode desk, long id) {
        for (JsonNode s : desk.path("subAccounts")) {
            if (s.path("id").asLong() == id) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + id);
    }

    @Test
    void aPooledDeskSubAccount_isPricedOnItsPool_exactlyAsPortfolioAccountJson() throws Exception {
        String url = "jdbc:h2:mem:pool-parity-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, url, 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY, PortfolioCommandTest.CANDLES, null))) {
            JsonNode marks = send(desk, "/api/desk", null).path("marks");
            double btc = marks.path("BTCUSDT").asDouble();
            assertThat(btc).isPositive();
            long account = send(desk, "/api/accounts", "{\"name\":\"pooled\"}").path("id").asLong();
            long core = send(desk, "/api/subaccounts", "{\"accountId\":" + account + ",\"name\":\"core\",\"walletBalance\":40000}").path("id").asLong();
            long multi = send(desk, "/api/subaccounts", "{\"accountId\":" + account + ",\"name\":\"multi\",\"walletBalance\":2000}").path("id").asLong();
            String[][] positions = {
                    {String.valueOf(core), "BTCUSDT", "1", String.valueOf(Math.round(btc * 0.95)), "3"},
                    {String.valueOf(multi), "BTCUSDT", "1", String.valueOf(Math.round(btc * 0.99)), "20"},
                    {String.valueOf(multi), "SOLUSDT", "100", "140", "20"}};
            for (String[] p : positions) {
                send(desk, "/api/positions", "{\"subAccountId\":" + p[0] + ",\"symbol\":\"" + p[1] + "\",\"side\":\"long\",\"qty\":" + p[2]
                        + ",\"entryPrice\":" + p[3] + ",\"leverage\":" + p[4] + ",\"marginMode\":\"cross\",\"markPrice\":" + p[3] + "}");
            }
            // the pool as the live mirror stores it: USDT, USDC, BTC and ETH, the BTC index read when BTCUSDT was 2 % higher
            List<AccountFile.Collateral> stated = List.of(new AccountFile.Collateral("USDC", 3_000, 0.9999, 0.9999),
                    new AccountFile.Collateral("BTC", 0.05, 0.95, btc * 1.02), new AccountFile.Collateral("ETH", 2, 0.95, 3242.13));
            List<CollateralAsset> pool = PooledAccount.assets(Exchange.BINANCE, 2_000, stated, TierTables.bundled());
            try (DeskDatabase db = DeskDatabase.open(desk.dbUrl())) {
                new DeskStore(db).replaceCollateral(multi, pool, Map.of("BTCUSDT", btc * 1.02));
            }
            JsonNode view = send(desk, "/api/desk", null);
            JsonNode api = send(desk, "/api/portfolio", "{\"accountId\":" + account + ",\"shocks\":[-10]}");

            // the file portfolio --account reads: the same positions at the desk's marks, the BTC at its index moved with BTCUSDT
            ObjectNode file = M.createObjectNode();
            ArrayNode subs = file.putArray("subAccounts");
            for (String name : new String[]{"core", "multi"}) {
                JsonNode s = sub(view, name.equals("core") ? core : multi);
                ObjectNode o = subs.addObject().put("name", name).put("walletBalance", name.equals("core") ? 40_000 : 2_000);
                ArrayNode ps = o.putArray("positions");
                for (JsonNode p : s.path("positions")) {
                    ps.addObject().put("symbol", p.path("symbol").asText()).put("side", "long").put("qty", p.path("qty").asDouble())
                            .put("entryPrice", p.path("entryPrice").asDouble()).put("leverage", p.path("leverage").asDouble())
                            .put("marginMode", "cross").put("markPrice", p.path("markPrice").asDouble());
                }
                if (name.equals("multi")) {
                    double btcMark = s.path("positions").get(0).path("markPrice").asDouble();
                    ArrayNode c = o.putArray("collateral");
                    for (AccountFile.Collateral a : stated) {
                        double index = a.asset().equals("BTC") ? a.indexPrice() * (btcMark / (btc * 1.02)) : a.indexPrice();
                        c.addObject().put("asset", a.asset()).put("amount", a.amount()).put("collateralRatio", a.collateralRatio()).put("indexPrice", index);
                    }
                }
            }
            Path f = Files.writeString(dir.resolve("pooled.json"), M.writeValueAsString(file));
            JsonNode cli = CliRun.of("portfolio", "--account", f.toString(), "--returns", PortfolioCommandTest.CANDLES.toString(),
                    "--shock", "-10", "--json").json();
            assertThat(api).isEqualTo(cli);

            // priced on the pool: its amounts in USD, the coins in the exposure, the BTC index below the one read
            JsonNode pooled = api.path("subAccounts").get(1);
            assertThat(pooled.path("name").asText()).isEqualTo("multi");
            assertThat(pooled.path("currency").asText()).isEqualTo("USD");
            assertThat(pooled.path("collateral")).hasSize(4);
            assertThat(pooled.path("collateral").get(2).path("indexPrice").asDouble()).isLessThan(btc * 1.02);
            assertThat(api.path("exposure").toString()).contains("ETHUSDT");
            // and the desk's own view of the sub-account prices BTCUSDT at the same liquidation price
            assertThat(api.path("positions").get(1).path("liquidationPrice").asDouble())
                    .isEqualTo(sub(view, multi).path("positions").get(0).path("liquidationPrice").asDouble());
        }
    }
}
