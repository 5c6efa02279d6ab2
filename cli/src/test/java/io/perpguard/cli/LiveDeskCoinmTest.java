package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.alerts;
import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.pos;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live --exchange binance-coinm} against the fake COIN-M: each coin wallet is its own sub-account
 * ({@code "coin BTC"}, {@code "coin ETH"}) on binance-coinm, its wallet in the coin, its position in contracts with the
 * liquidation price and margin ratio of {@code calc --exchange binance-coinm} and of the watcher; a mark walk raises the
 * desk's cross alert in the coin wallet's name; {@code /api/check} against the coin wallet prices by COIN-M rules; an
 * emptied coin wallet keeps its row at 0 in its coin; a restart on the same database adds no row.
 */
class LiveDeskCoinmTest {
    static final String KEY = "cmDeskKeyZ1x2c3v4b5n6m7a8s9d0f1g2h3j4k5l6";
    static final String SECRET = "cmDeskSecretQ1w2e3r4t5y6u7i8o9p0a1s2d3f4g";

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    FakeBinanceCoinm fake;
    final FakeBinanceCoinm.Pos btc = new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0);

    @BeforeEach
    void setUp() {
        fake = new FakeBinanceCoinm(KEY, SECRET).wallet("BTC", 0.05).wallet("ETH", 2).position(btc);
        fake.mark("BTCUSD_PERP", 60_000);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    /** A desk with the COIN-M account "coin" watched, on {@code db}. */
    record Desk(LiveMonitor monitor, DeskServer server, LiveDesk state) implements AutoCloseable {
        @Override
        public void close() {
            monitor.close();
            state.close();
            server.close();
        }
    }

    private Desk start(String db) {
        LiveDesk state = new LiveDesk();
        LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("coin", "binance-coinm", new Credentials(KEY, SECRET),
                ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withSilence(Duration.ofHours(1)))),
                List.of(), AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT), dir.resolve("state"), false, state, null);
        m.watchers().forEach(state::register);
        DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, db, 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state);
        m.start();
        return new Desk(m, desk, state);
    }

    @Test
    void eachCoinIsItsOwnSubAccount_pricedAsCalc_alertedInItsName_emptiedKept_andARestartAddsNoRow() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        JsonNode calcAtEntry = CliRun.of("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "60000",
                "--contracts", "100", "--leverage", "20", "--margin-mode", "cross", "--wallet", "0.05", "--json").json();
        long btcId, subs;
        try (Desk d = start(db)) {
            await(() -> {
                fake.mark("BTCUSD_PERP", 60_000);   // re-pushed until priced: a mark before the watcher's snapshot is dropped by design
                JsonNode s = sub(getQuietly(d.server(), "/api/desk"), "coin BTC");
                return s.path("positions").size() == 1 && s.path("markSource").asText().equals("live:binance-coinm")
                        && sub(getQuietly(d.server(), "/api/desk"), "coin ETH").has("walletBalance");
            });
            JsonNode desk = get(d.server(), "/api/desk");
            JsonNode b = sub(desk, "coin BTC"), e = sub(desk, "coin ETH");
            System.out.println("coin BTC on the desk: " + b);
            // the BTC wallet, in BTC, on the COIN-M venue; the position in contracts, its USD face as qty
            assertThat(b.path("exchange").asText()).isEqualTo("binance-coinm");
            assertThat(b.path("currency").asText()).isEqualTo("BTC");
            assertThat(b.path("walletBalance").decimalValue()).isEqualByComparingTo("0.05");
            JsonNode p = b.path("positions").get(0);
            assertThat(p.path("symbol").asText()).isEqualTo("BTCUSD_PERP");
            assertThat(p.path("contracts").asDouble()).isEqualTo(100);
            assertThat(p.path("qty").asDouble()).isEqualTo(10_000);
            // calc's figures, and the watcher's (GET /api/live)
            assertThat(p.path("liquidationPrice").asDouble()).isEqualTo(calcAtEntry.path("liquidationPrice").asDouble()).isEqualTo(46_338.5)
                    .isEqualTo(watcherRow(get(d.server(), "/api/live")).path("liquidationPrice").asDouble());
            assertThat(b.path("marginRatio").asDouble()).isEqualTo(calcAtEntry.path("marginRatio").asDouble());
            System.out.println("desk liquidation " + p.path("liquidationPrice") + " margin ratio " + b.path("marginRatio")
                    + "; calc " + calcAtEntry.path("liquidationPrice") + " / " + calcAtEntry.path("marginRatio"));
            // the ETH wallet without a position: its own sub-account, in ETH
            assertThat(e.path("exchange").asText()).isEqualTo("binance-coinm");
            assertThat(e.path("currency").asText()).isEqualTo("ETH");
            assertThat(e.path("walletBalance").decimalValue()).isEqualByComparingTo("2");
            assertThat(e.path("positions").size()).isZero();
            // the live account holds the coin wallets and nothing else (no one-wallet row beside them)
            List<String> names = new ArrayList<>();
            get(d.server(), "/api/subaccounts").forEach(r -> names.add(r.path("name").asText()));
            assertThat(names).filteredOn(n -> n.startsWith("coin")).containsExactly("coin BTC", "coin ETH");
            // the stored rows: venue and coin (V8), exact money
            btcId = row(d.server(), "coin BTC").path("id").asLong();
            assertThat(row(d.server(), "coin BTC").path("exchange").asText()).isEqualTo("binance-coinm");
            assertThat(row(d.server(), "coin BTC").path("currency").asText()).isEqualTo("BTC");
            assertThat(row(d.server(), "coin ETH").path("currency").asText()).isEqualTo("ETH");
            // read-only as every mirrored account
            assertThat(send(d.server(), "PUT", "/api/subaccounts/" + btcId, "{\"walletBalance\":1}").statusCode()).isEqualTo(409);

            // a plan checked against the BTC wallet: by COIN-M rules (a USDⓈ-M plan is refused, naming the venue)
            String plan = "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"entryPrice\":60000,\"stop\":57000,\"stopMethod\":\"structure\","
                    + "\"thesis\":\"range low holds\",\"leverage\":5,\"equity\":0.05,\"riskPct\":1}";
            HttpResponse<String> usdm = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan.replace("BTCUSD_PERP", "BTCUSDT")
                    .replace("0.05", "3000") + ",\"subAccountId\":" + btcId + "}");
            assertThat(usdm.statusCode()).as(usdm.body()).isEqualTo(400);
            assertThat(usdm.body()).contains("is on binance-coinm, the plan on binance");
            HttpResponse<String> coinm = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan + ",\"subAccountId\":" + btcId
                    + ",\"exchange\":\"binance-coinm\"}");
            assertThat(coinm.statusCode()).as(coinm.body()).isEqualTo(200);
            System.out.println("check against coin BTC: " + coinm.body());
            JsonNode size = rule(JsonOutput.MAPPER.readTree(coinm.body()), "size"), exposure = rule(JsonOutput.MAPPER.readTree(coinm.body()), "exposure");
            // sized in whole contracts with the equity in BTC, against the BTC wallet's own position (0.1667 BTC at the desk's mark)
            assertThat(size.path("values").path("currency").asText()).isEqualTo("BTC");
            assertThat(size.path("values").path("contractType").asText()).isEqualTo("inverse");
            assertThat(exposure.path("values").path("accountGiven").asBoolean()).isTrue();
            assertThat(exposure.path("values").path("otherPositions").asInt()).isEqualTo(1);
            assertThat(exposure.path("values").path("currency").asText()).isEqualTo("BTC");

            // a mark walk to 46,450: the BTC wallet's cross ratio crosses 50 %, the desk alerts it in the coin wallet's name
            for (double mark : new double[]{55_000, 50_000, 47_000, 46_450}) {
                fake.mark("BTCUSD_PERP", mark);
                await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), "coin BTC")).path("markPrice").asDouble() == mark);
            }
            await(() -> alerts(d.server()).stream().anyMatch(a -> a.path("message").asText().startsWith("coin BTC cross: ")));
            JsonNode walked = sub(get(d.server(), "/api/desk"), "coin BTC");
            JsonNode calcWalked = CliRun.of("calc", "--exchange", "binance-coinm", "--symbol", "BTCUSD_PERP", "--side", "long", "--entry", "60000",
                    "--mark", "46450", "--contracts", "100", "--leverage", "20", "--margin-mode", "cross", "--wallet", "0.05", "--json").json();
            assertThat(walked.path("marginRatio").asDouble()).isEqualTo(calcWalked.path("marginRatio").asDouble()).isGreaterThan(0.5);
            assertThat(pos(walked).path("liquidationPrice").asDouble()).isEqualTo(calcWalked.path("liquidationPrice").asDouble());
            JsonNode alert = alerts(d.server()).stream().filter(a -> a.path("message").asText().startsWith("coin BTC cross: ")).findFirst().orElseThrow();
            assertThat(alert.path("subAccountId").asLong()).isEqualTo(btcId);
            assertThat(alert.path("subject").asText()).isEqualTo("sub:" + btcId);
            System.out.println("desk alert: " + alert.path("message").asText() + "; desk ratio " + walked.path("marginRatio")
                    + ", calc " + calcWalked.path("marginRatio"));

            // the ETH wallet is emptied (withdrawn): its row stays, at 0 ETH, still in ETH
            fake.wallet("ETH", 0);
            fake.update(btc);
            await(() -> sub(getQuietly(d.server(), "/api/desk"), "coin ETH").path("walletBalance").asDouble(-1) == 0);
            JsonNode emptied = sub(get(d.server(), "/api/desk"), "coin ETH");
            assertThat(emptied.path("currency").asText()).isEqualTo("ETH");
            assertThat(emptied.path("exchange").asText()).isEqualTo("binance-coinm");
            subs = get(d.server(), "/api/subaccounts").size();
        }
        // the same database again: the coin wallets are taken over, not added; the emptied one stays at 0
        try (Desk d = start(db)) {
            await(() -> {
                fake.mark("BTCUSD_PERP", 46_450);
                return sub(getQuietly(d.server(), "/api/desk"), "coin BTC").path("markSource").asText().equals("live:binance-coinm")
                        && pos(sub(getQuietly(d.server(), "/api/desk"), "coin BTC")).path("markPrice").asDouble() == 46_450
                        // each wallet is taken over on its own: the emptied ETH one may come a moment after BTC's
                        && sub(getQuietly(d.server(), "/api/desk"), "coin ETH").path("markSource").asText().equals("live:binance-coinm");
            });
            List<JsonNode> rows = new ArrayList<>();
            get(d.server(), "/api/subaccounts").forEach(rows::add);
            assertThat(rows).hasSize((int) subs);
            assertThat(rows.stream().filter(r -> r.path("name").asText().equals("coin BTC"))).hasSize(1);
            assertThat(rows.stream().filter(r -> r.path("name").asText().equals("coin ETH"))).hasSize(1);
            assertThat(row(d.server(), "coin BTC").path("id").asLong()).isEqualTo(btcId);
            assertThat(get(d.server(), "/api/positions?subAccountId=" + btcId).size()).isEqualTo(1);
            JsonNode eth = sub(get(d.server(), "/api/desk"), "coin ETH");
            assertThat(eth.path("walletBalance").asDouble()).isZero();
            assertThat(eth.path("markSource").asText()).as("the emptied wallet is still the live account's (read-only)").isEqualTo("live:binance-coinm");
            assertThat(send(d.server(), "PUT", "/api/subaccounts/" + eth.path("id").asLong(), "{\"walletBalance\":1}").statusCode()).isEqualTo(409);
        }
    }

    private static JsonNode rule(JsonNode check, String id) {
        for (JsonNode r : check.path("rules")) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + check);
    }

    private static JsonNode watcherRow(JsonNode live) {
        for (JsonNode a : live.path("accounts")) {
            if (a.path("account").asText().equals("coin")) {
                return a.path("positions").get(0);
            }
        }
        throw new AssertionError("no watcher view of coin: " + live);
    }

    private JsonNode row(DeskServer desk, String name) throws Exception {
        for (JsonNode s : get(desk, "/api/subaccounts")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + name);
    }

    private HttpResponse<String> send(DeskServer desk, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(desk.url() + path.substring(1))).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
