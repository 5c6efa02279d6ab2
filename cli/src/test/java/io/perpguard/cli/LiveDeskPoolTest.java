package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.alerts;
import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PoolReport;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
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
import java.util.function.DoubleFunction;

import static io.perpguard.cli.DeskJson.sub;
import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code serve --live} on a shared-collateral account against the fakes — Binance USDⓈ-M in Multi-Assets mode (2,000
 * USDT, 3,000 USDC, 0.05 BTC behind a BTCUSDT and an ETHUSDT long) and Bybit UTA 2.0 cross (10,000 USDT, 0.05 BTC, 25
 * USDC behind an ETHUSDT long and an inverse BTCUSD long): the account is ONE desk sub-account, every position on it,
 * the pool's assets stored beside it; the desk's liquidation prices and margin ratio are the watcher's and core's
 * {@link CollateralPool}'s, and {@code calc --account} with the same collateral prints the same liquidation price; each
 * asset is on the account with its USD value and haircut; a BTC deposit moves the desk's liquidation price as the pool's;
 * a mark walk past 85 % of the account ratio raises the desk's alert on the account; a restart adds no row.
 */
class LiveDeskPoolTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void binanceMultiAssets_isOnePooledSubAccount_deskEqualsWatcherEqualsCore() throws Exception {
        String key = "poolDeskKeyA7f3c9d1b2e4f6a8c0d2e4f6", secret = "poolDeskSecret9f8e7d6c5b4a3928170";
        FakeBinance fake = new FakeBinance(key, secret).multiAssets(true)
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("BTC", 0.05, 60_000, 0.05, 0.05).asset("USDC", 3_000, 0.9999, 0.0001, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0));
        List<Position> ps = List.of(new Position("BTCUSDT", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000),
                new Position("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000));
        DoubleFunction<CollateralPool> pool = btc -> new CollateralPool(List.of(
                new CollateralAsset("USDT", 2_000, 1, CollateralRule.binanceMultiAssets(0.0001, 0)),
                new CollateralAsset("BTC", btc, 60_000, CollateralRule.binanceMultiAssets(0.05, 0.05)),
                new CollateralAsset("USDC", 3_000, 0.9999, CollateralRule.binanceMultiAssets(0.0001, 0))), ps, null);
        try (fake) {
            run(new Case("binance", "multi", new Credentials(key, secret), fake, "BTCUSDT", "ETHUSDT", 3_000, pool,
                    List.of("calc", "--account", CollateralCommandsTest.MULTI.toString(), "--json"), () -> fake.transfer("BTC", 0.5)));
        }
    }

    @Test
    void bybitUta2Cross_isOnePooledSubAccount_inverseAndLinearOnThePool() throws Exception {
        String key = "poolDeskBybitKey5f4d3s2a1q", secret = "poolDeskBybitSecret1q2w3e4r5t6y7u8";
        FakeBybit fake = new FakeBybit(key, secret).marginMode("REGULAR_MARGIN").utaStatus(5).wallet(10_000).wallet("BTC", 0.05).wallet("USDC", 25)
                .coinIndex("USDT", 1).coinIndex("BTC", 60_000).coinIndex("USDC", 1)
                .collateralTiers("USDT", new double[]{Double.POSITIVE_INFINITY}, new double[]{1})
                .collateralTiers("BTC", new double[]{10, Double.POSITIVE_INFINITY}, new double[]{0.95, 0})
                .collateralTiers("USDC", new double[]{Double.POSITIVE_INFINITY}, new double[]{1})
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0))
                .position(new FakeBybit.Pos("BTCUSD", "Buy", 10_000, 60_000, 20, 0));
        CollateralRule one = CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1});
        CollateralRule btcRule = CollateralRule.bybitTiers(new double[]{10, Double.POSITIVE_INFINITY}, new double[]{0.95, 0});
        List<Position> ps = List.of(new Position("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000),
                new Position("BTCUSD", Side.LONG, 10_000, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000, ContractType.INVERSE));
        DoubleFunction<CollateralPool> pool = btc -> new CollateralPool(List.of(new CollateralAsset("USDT", 10_000, 1, one),
                new CollateralAsset("BTC", btc, 60_000, btcRule), new CollateralAsset("USDC", 25, 1, one)), ps, null);
        try (fake) {
            run(new Case("bybit", "uta", new Credentials(key, secret), fake, "BTCUSD", "ETHUSDT", 3_000, pool,
                    List.of("calc", "--account", CollateralCommandsTest.UTA.toString(), "--mmr", "0.005", "--json"), () -> {
                        fake.wallet("BTC", 0.5);
                        fake.pushWallet("BTC");
                    }));
        }
    }

    /**
     * Binance Multi-Assets with a USDC-margined contract (the setup of {@code MultiAssetsUsdcEndToEndTest}: 2,000 USDT and
     * 3,000 USDC at index 0.998 with a 1 % bid buffer behind a BTCUSDT long 0.5 and an ETHUSDC long 10): the desk prices
     * ETHUSDC in USDC, its margin asset ({@code marginAsset} of {@code /fapi/v1/exchangeInfo}) — PnL and maintenance
     * margin at USDC's index and buffers — as the watcher and core do, not as a USDT-settled contract.
     */
    @Test
    void binanceMultiAssets_aUsdcMarginedContract_isPricedInUsdcOnTheDesk_asTheWatcherPricesIt() throws Exception {
        String key = "poolDeskUsdcKey3c5e7a9b1d2f4a6c8e0b", secret = "poolDeskUsdcSecret7e6d5c4b3a2f1e0d9c8b";
        FakeBinance fake = new FakeBinance(key, secret).multiAssets(true).brackets(FakeBinance.bundledBracketsWith("ETHUSDC", "ETHUSDT"))
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("USDC", 3_000, 0.998, 0.01, 0.005)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDC", "BOTH", 10, 3_000, 20, false, 0));
        Case c = new Case("binance", "usdc", new Credentials(key, secret), fake, "ETHUSDC", "BTCUSDT", 60_000, null, List.of(), () -> { });
        String db = "jdbc:h2:file:" + dir.resolve("desk-usdc").toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        try (fake; Desk d = start(c, db)) {
            await(() -> {
                fake.mark("ETHUSDC", 3_000);
                fake.mark("BTCUSDT", 60_000);
                JsonNode s = sub(getQuietly(d.server(), "/api/desk"), "usdc");
                return s.path("positions").size() == 2 && s.path("collateral").size() == 2
                        && s.path("positions").findValuesAsText("markSource").stream().allMatch(m -> m.equals("live:binance"))
                        && Double.isFinite(pos(s, "ETHUSDC").path("liquidationPrice").asDouble(Double.NaN))
                        && Double.isFinite(quietRow(getQuietly(d.server(), "/api/live"), "usdc", "ETHUSDC").path("liquidationPrice").asDouble(Double.NaN));
            });
            AccountWatcher w = d.monitor().watchers().get(0);
            List<Position> ps = List.of(new Position("BTCUSDT", Side.LONG, 0.5, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000),
                    new Position("ETHUSDC", Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000));
            List<CollateralAsset> assets = List.of(new CollateralAsset("USDC", 3_000, 0.998, CollateralRule.binanceMultiAssets(0.01, 0.005)),
                    new CollateralAsset("USDT", 2_000, 1, CollateralRule.binanceMultiAssets(0.0001, 0)));
            PoolReport inUsdc = new CollateralPool(assets, ps, null).evaluate(w.instruments());
            PoolReport inUsdt = new CollateralPool(assets, ps, null).evaluate(FakeBinance.settledIn(w.instruments(), "ETHUSDC", "USDT"));
            JsonNode s = sub(get(d.server(), "/api/desk"), "usdc");
            JsonNode watched = watcher(get(d.server(), "/api/live"), "usdc");
            double desk = pos(s, "ETHUSDC").path("liquidationPrice").asDouble();
            System.out.println("binance multi-assets ETHUSDC on the desk: liquidation desk " + desk + ", watcher "
                    + row(watched, "ETHUSDC").path("liquidationPrice").asDouble() + ", core in USDC " + liq(inUsdc, "ETHUSDC") + " (as USDT-settled "
                    + liq(inUsdt, "ETHUSDC") + "); BTCUSDT desk " + pos(s, "BTCUSDT").path("liquidationPrice").asDouble() + ", core "
                    + liq(inUsdc, "BTCUSDT") + " (" + liq(inUsdt, "BTCUSDT") + "); ratio desk " + s.path("marginRatio").asDouble() + ", watcher "
                    + watched.path("crossRatio").asDouble() + ", core " + inUsdc.marginRatio() + " (" + inUsdt.marginRatio() + ")");
            // core's pool here lists the assets in another order than the snapshot: its sums may differ in the last bit (one tick)
            assertThat(desk).isEqualTo(row(watched, "ETHUSDC").path("liquidationPrice").asDouble()).isCloseTo(liq(inUsdc, "ETHUSDC"), within(0.011));
            assertThat(pos(s, "BTCUSDT").path("liquidationPrice").asDouble()).isEqualTo(row(watched, "BTCUSDT").path("liquidationPrice").asDouble())
                    .isCloseTo(liq(inUsdc, "BTCUSDT"), within(0.11));
            assertThat(s.path("marginRatio").asDouble()).isCloseTo(inUsdc.marginRatio(), within(1e-12))
                    .isCloseTo(watched.path("crossRatio").asDouble(), within(1e-12));
            // priced as USDT-settled (the desk before): its loss at USDT's rate 1, not USDC's 0.998 × (1 − 1 %)
            assertThat(Math.abs(desk - liq(inUsdt, "ETHUSDC"))).isGreaterThan(1);
            // its own figures in its margin asset
            assertThat(pos(s, "ETHUSDC").path("currency").asText()).isEqualTo("USDC");
            assertThat(pos(s, "BTCUSDT").path("currency").asText()).isEqualTo("USDT");
        }
    }

    /**
     * Binance single-asset mode with a USDC-margined contract: USDT and USDC are separate wallets (2,000 USDT behind a
     * BTCUSDT long 0.5, 3,000 USDC behind a BTCUSDC long 0.5). The desk mirrors them as two sub-accounts, {@code single}
     * in USDT and {@code single USDC} in USDC, each priced on its own wallet as the watcher and core price it — BTCUSDC is
     * not priced on the USDT wallet.
     */
    @Test
    void binanceSingleAsset_aUsdcMarginedContract_isItsOwnUsdcSubAccount_pricedOnTheUsdcWallet() throws Exception {
        String key = "singleDeskUsdcKey8a6c4e2b0d9f7a5c3e1b", secret = "singleDeskUsdcSecret2b4d6f8a0c1e3b5d7f9a";
        FakeBinance fake = new FakeBinance(key, secret).brackets(FakeBinance.bundledBracketsWith("BTCUSDC", "BTCUSDT"))
                .asset("USDT", 2_000, 1, 0, 0).asset("USDC", 3_000, 1, 0, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("BTCUSDC", "BOTH", 0.5, 60_000, 20, false, 0));
        Case c = new Case("binance", "single", new Credentials(key, secret), fake, "BTCUSDC", "BTCUSDT", 60_000, null, List.of(), () -> { });
        String db = "jdbc:h2:file:" + dir.resolve("desk-single").toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        try (fake; Desk d = start(c, db)) {
            await(() -> {
                fake.mark("BTCUSDC", 60_000);
                fake.mark("BTCUSDT", 60_000);
                JsonNode desk = getQuietly(d.server(), "/api/desk");
                JsonNode usdc = sub(desk, "single USDC");
                return usdc.path("positions").size() == 1 && sub(desk, "single").path("positions").size() == 1
                        && Double.isFinite(pos(usdc, "BTCUSDC").path("liquidationPrice").asDouble(Double.NaN))
                        && Double.isFinite(quietRow(getQuietly(d.server(), "/api/live"), "single", "BTCUSDC").path("liquidationPrice").asDouble(Double.NaN));
            });
            Instruments inst = d.monitor().watchers().get(0).instruments();
            io.perpguard.margin.AccountReport usdcCore = io.perpguard.margin.MarginCalculator.evaluate(new io.perpguard.margin.Account(3_000,
                    List.of(new Position("BTCUSDC", Side.LONG, 0.5, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000))), inst);
            io.perpguard.margin.AccountReport usdtCore = io.perpguard.margin.MarginCalculator.evaluate(new io.perpguard.margin.Account(2_000,
                    List.of(new Position("BTCUSDT", Side.LONG, 0.5, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000))), inst);
            JsonNode desk = get(d.server(), "/api/desk");
            JsonNode usdc = sub(desk, "single USDC"), usdt = sub(desk, "single");
            JsonNode watched = watcher(get(d.server(), "/api/live"), "single");
            double deskLiq = pos(usdc, "BTCUSDC").path("liquidationPrice").asDouble();
            System.out.println("binance single-asset BTCUSDC on the desk: liquidation desk " + deskLiq + ", watcher "
                    + row(watched, "BTCUSDC").path("liquidationPrice").asDouble() + ", core on 3,000 USDC "
                    + usdcCore.positions().get(0).liquidationPrice() + "; BTCUSDT desk " + pos(usdt, "BTCUSDT").path("liquidationPrice").asDouble());
            assertThat(usdc.path("currency").asText()).isEqualTo("USDC");
            assertThat(usdc.path("walletBalance").asDouble()).isEqualTo(3_000);
            assertThat(usdt.path("currency").asText()).isEqualTo("USDT");
            assertThat(usdt.path("walletBalance").asDouble()).isEqualTo(2_000);
            assertThat(deskLiq).isEqualTo(row(watched, "BTCUSDC").path("liquidationPrice").asDouble())
                    .isEqualTo(usdcCore.positions().get(0).liquidationPrice());
            assertThat(usdc.path("marginRatio").asDouble()).isCloseTo(usdcCore.marginRatio(), within(1e-12));
            assertThat(pos(usdt, "BTCUSDT").path("liquidationPrice").asDouble()).isEqualTo(row(watched, "BTCUSDT").path("liquidationPrice").asDouble())
                    .isEqualTo(usdtCore.positions().get(0).liquidationPrice());
            assertThat(pos(usdc, "BTCUSDC").path("currency").asText()).isEqualTo("USDC");
        }
    }

    /**
     * One venue's pooled account: {@code sym} the position whose liquidation is followed (marked at 60,000), {@code other}
     * the second position at {@code otherMark}; {@code pool} core's pool with the BTC wallet given; {@code calc} the calc
     * command pricing the same account and collateral; {@code deposit} raises the BTC wallet to 0.5 on the account stream.
     */
    record Case(String exchange, String account, Credentials credentials, FakeVenue fake, String sym, String other, double otherMark,
                DoubleFunction<CollateralPool> pool, List<String> calc, Runnable deposit) {
    }

    record Desk(LiveMonitor monitor, DeskServer server, LiveDesk state) implements AutoCloseable {
        @Override
        public void close() {
            monitor.close();
            state.close();
            server.close();
        }
    }

    private Desk start(Case c, String db) {
        LiveDesk state = new LiveDesk();
        LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec(c.account(), c.exchange(), c.credentials(),
                ConnectorConfig.defaults().withUrls(c.fake().restUrl(), c.fake().wsUrl()).withSilence(Duration.ofHours(1)))),
                List.of(), AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofHours(1)),
                dir.resolve("state-" + c.exchange()), false, state, null);
        m.watchers().forEach(state::register);
        DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, db, 0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT,
                TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state);
        m.start();
        return new Desk(m, desk, state);
    }

    private void run(Case c) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("desk-" + c.exchange()).toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        long subId;
        int rows;
        try (Desk d = start(c, db)) {
            await(() -> {
                c.fake().mark(c.sym(), 60_000);   // re-pushed until priced: a mark before the watcher's snapshot is dropped by design
                c.fake().mark(c.other(), c.otherMark());
                JsonNode s = sub(getQuietly(d.server(), "/api/desk"), c.account());
                return s.path("positions").size() == 2 && s.path("collateral").size() == 3
                        && s.path("positions").findValuesAsText("markSource").stream().allMatch(m -> m.equals("live:" + c.exchange()))
                        && Double.isFinite(pos(s, c.sym()).path("liquidationPrice").asDouble(Double.NaN));
            });
            Instruments instruments = d.monitor().watchers().get(0).instruments();
            PoolReport core = c.pool().apply(0.05).evaluate(instruments);
            JsonNode desk = get(d.server(), "/api/desk");
            JsonNode s = sub(desk, c.account());
            System.out.println(c.exchange() + " pooled account on the desk: " + s);
            List<String> names = new ArrayList<>();
            get(d.server(), "/api/subaccounts").forEach(r -> names.add(r.path("name").asText()));
            assertThat(names).as("one sub-account: no wallet per coin").filteredOn(n -> n.startsWith(c.account())).containsExactly(c.account());
            assertThat(s.path("currency").asText()).isEqualTo("USD");
            JsonNode watched = watcher(get(d.server(), "/api/live"), c.account());
            double deskLiq = pos(s, c.sym()).path("liquidationPrice").asDouble();
            double watcherLiq = row(watched, c.sym()).path("liquidationPrice").asDouble();
            double coreLiq = liq(core, c.sym());
            double calcLiq = pos(CliRun.of(c.calc().toArray(String[]::new)).json(), c.sym()).path("liquidationPrice").asDouble();
            System.out.println(c.exchange() + " " + c.sym() + " liquidation: desk " + deskLiq + ", watcher " + watcherLiq + ", core " + coreLiq
                    + ", calc " + calcLiq + "; ratio desk " + s.path("marginRatio") + ", watcher " + watched.path("crossRatio") + ", core " + core.marginRatio());
            assertThat(deskLiq).isEqualTo(watcherLiq).isEqualTo(coreLiq).isEqualTo(calcLiq);
            assertThat(pos(s, c.other()).path("liquidationPrice").asDouble()).isEqualTo(row(watched, c.other()).path("liquidationPrice").asDouble())
                    .isEqualTo(liq(core, c.other()));
            assertThat(s.path("marginRatio").asDouble()).isCloseTo(core.marginRatio(), within(1e-12))
                    .isCloseTo(watched.path("crossRatio").asDouble(), within(1e-12));
            assertThat(pos(s, c.sym()).path("marginRatio").asDouble()).isCloseTo(core.marginRatio(), within(1e-12));
            assertThat(s.path("marginBalance").asDouble()).isCloseTo(core.marginBalanceUsd(), within(1e-6));
            assertThat(s.path("collateral")).extracting(a -> a.path("asset").asText()).containsExactly("USDT", "BTC", "USDC");
            JsonNode btc = s.path("collateral").get(1);
            assertThat(btc.path("amount").asDouble()).isEqualTo(0.05);
            assertThat(btc.path("indexPrice").asDouble()).isEqualTo(60_000);
            assertThat(btc.path("collateralRatio").asDouble()).isEqualTo(0.95);
            assertThat(btc.path("valueUsd").asDouble()).isCloseTo(0.05 * 60_000 * 0.95, within(1e-9));

            if (c.exchange().equals("binance")) {
                // a plan checked against the pooled account: its equity is the pool's margin balance, not the USDT wallet
                String plan = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"stop\":57000,\"stopMethod\":\"structure\","
                        + "\"thesis\":\"range low holds\",\"leverage\":5,\"equity\":3000,\"riskPct\":1}";
                HttpResponse<String> check = http.send(HttpRequest.newBuilder(URI.create(d.server().url() + "api/check"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"plan\":" + plan
                                + ",\"subAccountId\":" + s.path("id").asLong() + ",\"exchange\":\"binance\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
                JsonNode exposure = null;
                for (JsonNode r : JsonOutput.MAPPER.readTree(check.body()).path("rules")) {
                    if (r.path("id").asText().equals("exposure")) {
                        exposure = r;
                    }
                }
                assertThat(exposure.path("values").path("equity").asDouble()).isCloseTo(core.marginBalanceUsd(), within(1e-6));
            }

            // between snapshots: the followed contract's mark moves on the fake's mark stream; the desk prices the pool at that
            // mark as the watcher and core do — the BTC beside a BTCUSDT long moved with BTCUSDT since the snapshot read its index
            CollateralPool snap = c.pool().apply(0.05);
            for (double moved : new double[]{57_000, 55_000}) {
                c.fake().mark(c.sym(), moved);
                await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), c.account()), c.sym()).path("markPrice").asDouble() == moved
                        && quietRow(getQuietly(d.server(), "/api/live"), c.account(), c.sym()).path("markPrice").asDouble() == moved);
                List<Position> at = snap.positions().stream().map(p -> p.symbol().equals(c.sym()) ? p.withMark(moved) : p).toList();
                PoolReport coreAt = new CollateralPool(snap.assets(), at, null)
                        .withIndexesMovedSince(instruments, java.util.Map.of(c.sym(), 60_000.0, c.other(), c.otherMark())).evaluate(instruments);
                PoolReport held = new CollateralPool(snap.assets(), at, null).evaluate(instruments);   // every index where the snapshot read it
                JsonNode ds = sub(get(d.server(), "/api/desk"), c.account());
                JsonNode ws = watcher(get(d.server(), "/api/live"), c.account());
                double dl = pos(ds, c.sym()).path("liquidationPrice").asDouble(), wl = row(ws, c.sym()).path("liquidationPrice").asDouble();
                System.out.println(c.exchange() + " " + c.sym() + " at " + moved + " (snapshot 60000): liquidation desk " + dl + ", watcher " + wl
                        + ", core " + liq(coreAt, c.sym()) + " (" + liq(held, c.sym()) + " with every index held); ratio desk "
                        + ds.path("marginRatio").asDouble() + ", watcher " + ws.path("crossRatio").asDouble() + ", core " + coreAt.marginRatio()
                        + " (" + held.marginRatio() + " held); BTC index on the desk " + ds.path("collateral").get(1).path("indexPrice").asDouble());
                assertThat(dl).isEqualTo(wl).isEqualTo(liq(coreAt, c.sym()));
                assertThat(pos(ds, c.other()).path("liquidationPrice").asDouble()).isEqualTo(row(ws, c.other()).path("liquidationPrice").asDouble())
                        .isEqualTo(liq(coreAt, c.other()));
                assertThat(ds.path("marginRatio").asDouble()).isCloseTo(coreAt.marginRatio(), within(1e-12))
                        .isCloseTo(ws.path("crossRatio").asDouble(), within(1e-12))
                        .isCloseTo(snap.marginRatioAt(instruments, c.sym(), moved), within(1e-12));
                assertThat(ds.path("marginBalance").asDouble()).isCloseTo(coreAt.marginBalanceUsd(), within(1e-6));
                if (c.sym().equals("BTCUSDT")) {
                    // the coin backing its own contract moves with it: the held pool is another figure (the desk's before)
                    assertThat(Math.abs(held.marginRatio() - coreAt.marginRatio())).isGreaterThan(1e-4);
                    assertThat(ds.path("collateral").get(1).path("indexPrice").asDouble()).isEqualTo(60_000 * (moved / 60_000));
                    // BTC's value moves with the price the liquidation is solved for: the same liquidation price at every mark
                    assertThat(dl).isEqualTo(deskLiq);
                }
            }
            c.fake().mark(c.sym(), 60_000);
            await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), c.account()), c.sym()).path("markPrice").asDouble() == 60_000);

            // the BTC deposit: the desk's liquidation price moves to the pool's with 0.5 BTC
            double after = liq(c.pool().apply(0.5).evaluate(instruments), c.sym());
            assertThat(after).isLessThan(deskLiq);
            c.deposit().run();
            await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), c.account()), c.sym()).path("liquidationPrice").asDouble() == after);
            JsonNode deposited = sub(get(d.server(), "/api/desk"), c.account());
            assertThat(deposited.path("collateral").get(1).path("amount").asDouble()).isEqualTo(0.5);
            System.out.println(c.exchange() + " after 0.5 BTC: desk liquidation " + after + " (was " + deskLiq + ")");

            // a mark walk past 85 % of the account ratio: the desk alerts the account's cross subject, at the pool's ratio — core's
            // pool moving the BTC beside BTCUSDT with BTCUSDT, as the desk and the watcher do
            CollateralPool moving = c.pool().apply(0.5);
            double at90 = solve(p -> moving.marginRatioAt(instruments, c.sym(), p), 0.9, liq(moving.evaluate(instruments), c.sym()));
            c.fake().mark(c.sym(), at90);
            await(() -> pos(sub(getQuietly(d.server(), "/api/desk"), c.account()), c.sym()).path("markPrice").asDouble() == at90
                    && quietRow(getQuietly(d.server(), "/api/live"), c.account(), c.sym()).path("markPrice").asDouble() == at90);
            JsonNode near = sub(get(d.server(), "/api/desk"), c.account());
            assertThat(near.path("marginRatio").asDouble()).isCloseTo(moving.marginRatioAt(instruments, c.sym(), at90), within(1e-9))
                    .isCloseTo(watcher(get(d.server(), "/api/live"), c.account()).path("crossRatio").asDouble(), within(1e-12))
                    .isBetween(0.85, 0.95);
            subId = near.path("id").asLong();
            await(() -> alerts(d.server()).stream().anyMatch(a -> a.path("message").asText().startsWith(c.account() + " cross: ")
                    && a.path("subAccountId").asLong() == subId));
            rows = get(d.server(), "/api/subaccounts").size();
        }
        try (Desk d = start(c, db)) {
            await(() -> {
                c.fake().mark(c.other(), c.otherMark());
                JsonNode s = sub(getQuietly(d.server(), "/api/desk"), c.account());
                return s.path("collateral").size() == 3 && s.path("markSource").asText().startsWith("live:");
            });
            assertThat(get(d.server(), "/api/subaccounts").size()).as("a restart adds no row").isEqualTo(rows);
            assertThat(sub(get(d.server(), "/api/desk"), c.account()).path("id").asLong()).isEqualTo(subId);
        }
    }

    /** The price of {@code sym} (below 60,000, a long) where the ratio reaches {@code target}, bisected on core's pool. */
    private static double solve(java.util.function.DoubleUnaryOperator ratio, double target, double liquidation) {
        return Math.ceil(io.perpguard.live.FakeWatch.solve(ratio, 60_000, liquidation, target));
    }

    private static double liq(PoolReport r, String symbol) {
        return r.liquidations().stream().filter(l -> l.symbol().equals(symbol)).findFirst().orElseThrow().liquidationPrice();
    }

    private static JsonNode pos(JsonNode sub, String symbol) {
        for (JsonNode p : sub.path("positions")) {
            if (p.path("symbol").asText().equals(symbol)) {
                return p;
            }
        }
        return JsonOutput.MAPPER.createObjectNode();
    }

    private static JsonNode watcher(JsonNode live, String account) {
        for (JsonNode a : live.path("accounts")) {
            if (a.path("account").asText().equals(account)) {
                return a;
            }
        }
        throw new AssertionError("no watched account " + account + ": " + live);
    }

    private static JsonNode row(JsonNode account, String symbol) {
        for (JsonNode p : account.path("positions")) {
            if (p.path("symbol").asText().equals(symbol)) {
                return p;
            }
        }
        throw new AssertionError("no watcher row of " + symbol + ": " + account);
    }

    /** The watcher's row of {@code symbol} in {@code GET /api/live}, or an empty node while it has none. */
    private static JsonNode quietRow(JsonNode live, String account, String symbol) {
        for (JsonNode a : live.path("accounts")) {
            if (a.path("account").asText().equals(account)) {
                for (JsonNode p : a.path("positions")) {
                    if (p.path("symbol").asText().equals(symbol)) {
                        return p;
                    }
                }
            }
        }
        return JsonOutput.MAPPER.createObjectNode();
    }
}
