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
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
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
import java.util.function.DoubleConsumer;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code serve --live --exchange okx} and {@code --exchange bybit} against the fakes: the account's coin wallet that
 * margins its coin-margined contract ({@code BTC-USD-SWAP}, Bybit {@code BTCUSD}) is its own desk sub-account
 * {@code "<account> BTC"} on the account's venue, its wallet in BTC, its position in contracts beside its USD face, with
 * the liquidation price and margin ratio of {@code calc --exchange okx|bybit-uta} (at entry and walked past 50 %); the
 * USDT wallet's sub-account keeps exactly the USDT contract (the filter that kept the inverse one off the desk is gone,
 * the split is by each contract's settlement currency); each position carries its venue's funding rate, next funding
 * time and the payment due then, in its currency; {@code /api/check} against the coin wallet prices by the venue's
 * inverse rules and refuses a USDT plan naming both currencies; a coin wallet the venue empties keeps its row at 0 BTC;
 * a restart on the same database adds no row.
 */
class LiveDeskInverseTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    /**
     * One venue's account: the watched exchange ({@code okx}, {@code bybit}), the desk's venue id, the fake holding a USDT
     * contract and {@code contracts} of the coin-margined {@code inv} (10,000 USD face, long at 60,000, 20x cross) on 0.05
     * BTC; {@code calc} the calc command's venue arguments; {@code linDue} the USDT contract's funding due at 0.01 %.
     */
    record Venue(String exchange, String deskExchange, String account, Credentials credentials, FakeVenue fake, String inv, String lin,
                 double linMark, int contracts, List<String> calc, double linDue, String usdtPlanSymbol, double walkTo, Runnable liquidateInv,
                 DoubleConsumer coinWallet) {
    }

    @Test
    void okx_theBtcWalletIsItsOwnSubAccount_pricedAsCalc() throws Exception {
        String key = "okxDeskKey-1f2e3d4c-5b6a-4789-a0b1-c2d3e4f5a6b7", secret = "OKXDESKSECRET0A1B2C3D4E5F6A7B8C9D", pass = "okx-desk-pass-13";
        FakeOkx fake = new FakeOkx(key, secret, pass).cashBal(10_000).cashBal("BTC", 0.05).cashBal("ETH", 2)
                .position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0))
                .position(new FakeOkx.Pos("BTC-USD-SWAP", "net", 100, 60_000, 20, "cross", 0));
        try (fake) {
            run(new Venue("okx", "okx", "okx-main", new Credentials(key, secret, pass), fake, "BTC-USD-SWAP", "BTC-USDT-SWAP", 60_000, 100,
                    // the fake's first BTC-USD tier: 1 %
                    List.of("--exchange", "okx", "--symbol", "BTC-USD-SWAP", "--mmr", "0.01"), 6.0, "BTC-USDT-SWAP", 47_000,
                    () -> fake.liquidate("BTC-USD-SWAP", "net"), w -> {
                        fake.cashBal("BTC", w);
                        fake.pushBalance();
                    }));
        }
    }

    @Test
    void bybit_theBtcWalletIsItsOwnSubAccount_pricedAsCalc() throws Exception {
        String key = "bybitDeskKey7h6g5f4d3s2a1", secret = "bybitDeskSecret1q2w3e4r5t6y7u8i9o0p";
        FakeBybit fake = new FakeBybit(key, secret).marginMode("REGULAR_MARGIN").wallet(10_000).wallet("BTC", 0.05).wallet("USDC", 25)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0))
                .position(new FakeBybit.Pos("BTCUSD", "Buy", 10_000, 60_000, 20, 0));
        try (fake) {
            run(new Venue("bybit", "bybit-uta", "uta", new Credentials(key, secret), fake, "BTCUSD", "ETHUSDT", 3_000, 10_000,
                    // the fake's first inverse risk limit: Bybit's docs example of 0.5 %
                    List.of("--exchange", "bybit-uta", "--symbol", "BTCUSD", "--mmr", "0.005"), 3.0, "ETHUSDT", 46_500,
                    () -> fake.liquidate("BTCUSD"), w -> {
                        fake.wallet("BTC", w);
                        fake.pushWallet("BTC");
                    }));
        }
    }

    /** A desk with the venue's account watched, on {@code db}. */
    record Desk(LiveMonitor monitor, DeskServer server, LiveDesk state) implements AutoCloseable {
        @Override
        public void close() {
            monitor.close();
            state.close();
            server.close();
        }
    }

    private Desk start(Venue v, String db) {
        LiveDesk state = new LiveDesk();
        LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec(v.account(), v.exchange(), v.credentials(),
                ConnectorConfig.defaults().withUrls(v.fake().restUrl(), v.fake().wsUrl()).withSilence(Duration.ofHours(1)))),
                List.of(), AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofHours(1)),
                dir.resolve("state-" + v.exchange()), false, state, null);
        m.watchers().forEach(state::register);
        DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, db, 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state);
        m.start();
        return new Desk(m, desk, state);
    }

    private JsonNode calc(Venue v, double mark) throws Exception {
        List<String> args = new ArrayList<>(List.of("calc"));
        args.addAll(v.calc());
        args.addAll(List.of("--side", "long", "--entry", "60000", "--mark", String.valueOf(mark), "--contracts", String.valueOf(v.contracts()),
                "--leverage", "20", "--margin-mode", "cross", "--wallet", "0.05", "--json"));
        return CliRun.of(args.toArray(String[]::new)).json();
    }

    private void run(Venue v) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("desk-" + v.exchange()).toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        String coinName = v.account() + " BTC";
        JsonNode calcAtEntry = calc(v, 60_000);
        long btcId, usdtId, rows;
        try (Desk d = start(v, db)) {
            await(() -> {
                v.fake().mark(v.inv(), 60_000);   // re-pushed until priced: a mark before the watcher's snapshot is dropped by design
                v.fake().mark(v.lin(), v.linMark());
                JsonNode desk = getQuietly(d.server(), "/api/desk");
                return pos(sub(desk, coinName)).path("markSource").asText().equals("live:" + v.exchange())
                        && pos(sub(desk, v.account())).path("markSource").asText().equals("live:" + v.exchange())
                        && pos(sub(desk, coinName)).has("fundingRate") && pos(sub(desk, v.account())).has("fundingRate");
            });
            JsonNode desk = get(d.server(), "/api/desk");
            JsonNode b = sub(desk, coinName), u = sub(desk, v.account());
            System.out.println(v.exchange() + ": " + coinName + " on the desk: " + b);
            // the BTC wallet: in BTC, on the account's venue, exactly the coin-margined contract, in contracts beside its USD face
            assertThat(b.path("exchange").asText()).isEqualTo(v.deskExchange());
            assertThat(b.path("currency").asText()).isEqualTo("BTC");
            assertThat(b.path("walletBalance").decimalValue()).isEqualByComparingTo("0.05");
            assertThat(b.path("positions").size()).isEqualTo(1);
            JsonNode p = pos(b);
            assertThat(p.path("symbol").asText()).isEqualTo(v.inv());
            assertThat(p.path("contractType").asText()).isEqualTo("inverse");
            assertThat(p.path("contracts").asDouble()).isEqualTo(v.contracts());
            assertThat(p.path("qty").asDouble()).isEqualTo(10_000);
            // the USDT wallet keeps the USDT contract and nothing else
            assertThat(u.path("currency").asText()).isEqualTo("USDT");
            assertThat(u.path("walletBalance").decimalValue()).isEqualByComparingTo("10000");
            assertThat(u.path("positions").size()).isEqualTo(1);
            assertThat(pos(u).path("symbol").asText()).isEqualTo(v.lin());
            // calc's figures, and the watcher's (GET /api/live)
            JsonNode watched = watcherRow(get(d.server(), "/api/live"), v.inv());
            assertThat(p.path("liquidationPrice").asDouble()).isEqualTo(calcAtEntry.path("liquidationPrice").asDouble())
                    .isEqualTo(watched.path("liquidationPrice").asDouble());
            assertThat(b.path("marginRatio").asDouble()).isCloseTo(calcAtEntry.path("marginRatio").asDouble(), within(1e-12));
            System.out.println(v.exchange() + " at entry: desk liquidation " + p.path("liquidationPrice") + ", margin ratio " + b.path("marginRatio")
                    + "; calc " + calcAtEntry.path("liquidationPrice") + " / " + calcAtEntry.path("marginRatio")
                    + "; watcher " + watched.path("liquidationPrice"));
            // funding: the venue's rate and next time, the payment due then at the mark, in the position's currency
            assertThat(p.path("fundingRate").asDouble()).isEqualTo(0.0001);
            assertThat(p.path("nextFundingMs").asLong()).isEqualTo(watched.path("nextFundingMs").asLong()).isGreaterThan(System.currentTimeMillis() - 60_000);
            assertThat(p.path("nextFundingTime").asText()).isEqualTo(java.time.Instant.ofEpochMilli(p.path("nextFundingMs").asLong()).toString());
            assertThat(p.path("fundingDue").asDouble()).as("0.01 % of 10,000 USD at 60,000, in BTC: the long pays")
                    .isCloseTo(10_000 * 0.0001 / 60_000, within(1e-8)).isCloseTo(watched.path("fundingDue").asDouble(), within(1e-8));
            assertThat(pos(u).path("fundingDue").asDouble()).as("the USDT contract's, in USDT").isCloseTo(v.linDue(), within(1e-8));
            System.out.println(v.exchange() + " funding on the desk: " + v.inv() + " rate " + p.path("fundingRate") + " at " + p.path("nextFundingTime")
                    + " due " + p.path("fundingDue") + " BTC; " + v.lin() + " due " + pos(u).path("fundingDue") + " USDT");
            // the live account holds the USDT wallet and the BTC one; ETH (or USDC) margins nothing held
            List<String> names = new ArrayList<>();
            get(d.server(), "/api/subaccounts").forEach(r -> names.add(r.path("name").asText()));
            assertThat(names).filteredOn(n -> n.startsWith(v.account())).containsExactly(v.account(), coinName);
            btcId = b.path("id").asLong();
            usdtId = u.path("id").asLong();
            assertThat(row(d.server(), coinName).path("currency").asText()).isEqualTo("BTC");
            assertThat(row(d.server(), coinName).path("exchange").asText()).isEqualTo(v.deskExchange());
            assertThat(send(d.server(), "PUT", "/api/subaccounts/" + btcId, "{\"walletBalance\":1}").statusCode()).isEqualTo(409);

            // a plan against the BTC wallet: by the venue's inverse rules; a USDT plan is refused naming both currencies
            String plan = "{\"symbol\":\"" + v.inv() + "\",\"side\":\"long\",\"entryPrice\":60000,\"stop\":57000,\"stopMethod\":\"structure\","
                    + "\"thesis\":\"range low holds\",\"leverage\":5,\"equity\":0.05,\"riskPct\":1}";
            HttpResponse<String> usdt = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan.replace(v.inv(), v.usdtPlanSymbol())
                    .replace("0.05", "3000") + ",\"subAccountId\":" + btcId + ",\"exchange\":\"" + v.deskExchange() + "\"}");
            assertThat(usdt.statusCode()).as(usdt.body()).isEqualTo(400);
            assertThat(usdt.body()).contains("is a BTC wallet on " + v.deskExchange()).contains("settles in USDT");
            HttpResponse<String> inverseOnUsdt = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan + ",\"subAccountId\":" + usdtId
                    + ",\"exchange\":\"" + v.deskExchange() + "\"}");
            assertThat(inverseOnUsdt.statusCode()).as(inverseOnUsdt.body()).isEqualTo(400);
            assertThat(inverseOnUsdt.body()).contains("is a USDT wallet").contains("settles in BTC");
            HttpResponse<String> binance = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan + ",\"subAccountId\":" + btcId + "}");
            assertThat(binance.body()).contains("is on " + v.deskExchange() + ", the plan on binance");
            HttpResponse<String> inverse = send(d.server(), "POST", "/api/check", "{\"plan\":" + plan + ",\"subAccountId\":" + btcId
                    + ",\"exchange\":\"" + v.deskExchange() + "\"}");
            assertThat(inverse.statusCode()).as(inverse.body()).isEqualTo(200);
            JsonNode check = JsonOutput.MAPPER.readTree(inverse.body());
            assertThat(rule(check, "size").path("values").path("currency").asText()).isEqualTo("BTC");
            assertThat(rule(check, "size").path("values").path("contractType").asText()).isEqualTo("inverse");
            assertThat(rule(check, "exposure").path("values").path("otherPositions").asInt()).isEqualTo(1);
            assertThat(rule(check, "exposure").path("values").path("currency").asText()).isEqualTo("BTC");

            // walked past 50 % (OKX to 47,000, Bybit to 46,500): the desk's liquidation price and margin ratio are calc's there
            for (double mark : new double[]{55_000, 50_000, v.walkTo()}) {
                v.fake().mark(v.inv(), mark);
                await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), coinName)).path("markPrice").asDouble() == mark);
            }
            JsonNode walked = sub(get(d.server(), "/api/desk"), coinName);
            JsonNode calcWalked = calc(v, v.walkTo());
            assertThat(walked.path("marginRatio").asDouble()).isCloseTo(calcWalked.path("marginRatio").asDouble(), within(1e-12)).isGreaterThan(0.5);
            assertThat(pos(walked).path("liquidationPrice").asDouble()).isEqualTo(calcWalked.path("liquidationPrice").asDouble());
            assertThat(pos(walked).path("fundingDue").asDouble()).isCloseTo(10_000 * 0.0001 / v.walkTo(), within(1e-8));
            await(() -> alerts(d.server()).stream().anyMatch(a -> a.path("message").asText().startsWith(coinName + " cross: ")
                    && a.path("subAccountId").asLong() == btcId));
            System.out.println(v.exchange() + " at " + v.walkTo() + ": desk margin ratio " + walked.path("marginRatio") + ", liquidation "
                    + pos(walked).path("liquidationPrice") + "; calc " + calcWalked.path("marginRatio") + " / " + calcWalked.path("liquidationPrice"));

            // the venue liquidates the BTC contract, then the coin left is withdrawn: the row stays, at 0 BTC, still in BTC
            v.liquidateInv().run();
            await(() -> sub(getQuietly(d.server(), "/api/desk"), coinName).path("positions").size() == 0
                    && sub(getQuietly(d.server(), "/api/desk"), coinName).path("closed").toString().contains("liquidation"));
            v.coinWallet().accept(0);
            await(() -> sub(getQuietly(d.server(), "/api/desk"), coinName).path("walletBalance").asDouble(-1) == 0);
            JsonNode emptied = sub(get(d.server(), "/api/desk"), coinName);
            assertThat(emptied.path("currency").asText()).isEqualTo("BTC");
            assertThat(emptied.path("exchange").asText()).isEqualTo(v.deskExchange());
            assertThat(sub(get(d.server(), "/api/desk"), v.account()).path("positions").size()).as("the USDT wallet untouched").isEqualTo(1);
            rows = get(d.server(), "/api/subaccounts").size();
        }
        // the same database again: the BTC wallet's row is taken over, not added; it stays at 0
        try (Desk d = start(v, db)) {
            await(() -> {
                v.fake().mark(v.lin(), v.linMark());
                JsonNode desk = getQuietly(d.server(), "/api/desk");
                return pos(sub(desk, v.account())).path("markSource").asText().equals("live:" + v.exchange())
                        && sub(desk, coinName).path("markSource").asText().equals("live:" + v.exchange());
            });
            List<JsonNode> all = new ArrayList<>();
            get(d.server(), "/api/subaccounts").forEach(all::add);
            assertThat(all).hasSize((int) rows);
            assertThat(all.stream().filter(r -> r.path("name").asText().equals(coinName))).hasSize(1);
            assertThat(row(d.server(), coinName).path("id").asLong()).isEqualTo(btcId);
            JsonNode coin = sub(get(d.server(), "/api/desk"), coinName);
            assertThat(coin.path("walletBalance").asDouble()).isZero();
            assertThat(coin.path("currency").asText()).isEqualTo("BTC");
            assertThat(send(d.server(), "PUT", "/api/subaccounts/" + btcId, "{\"walletBalance\":1}").statusCode()).isEqualTo(409);
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

    private static JsonNode watcherRow(JsonNode live, String symbol) {
        for (JsonNode a : live.path("accounts")) {
            for (JsonNode p : a.path("positions")) {
                if (p.path("symbol").asText().equals(symbol)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no watcher row of " + symbol + ": " + live);
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
