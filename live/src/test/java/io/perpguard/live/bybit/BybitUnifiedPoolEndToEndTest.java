package io.perpguard.live.bybit;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.FakeWatch;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PoolReport;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bybit UTA 2.0 in cross margin ({@code unifiedMarginStatus} 5) against {@link FakeBybit}: 10,000 USDT, 0.05 BTC (95 %
 * up to 10 BTC) and 25 USDC back an ETHUSDT long (10 at 3,000) and a BTCUSD long (10,000 contracts of 1 USD at 60,000)
 * together. The snapshot is priced on the pool as core's {@link CollateralPool} prices it (Bybit's rule: the ratio on the
 * wallet, the PnL at the index); the BTCUSD mark walks through 80 % and liquidation of the account's MM rate: one webhook
 * each, on the account's {@code cross} subject; with every socket dropped mid-path the resync finds the liquidation once.
 */
class BybitUnifiedPoolEndToEndTest {
    static final String KEY = "bybitPoolKeyA1s2d3f4g5", SECRET = "bybitPoolSecretH6j7k8l9z0";
    static final String INV = "BTCUSD", LIN = "ETHUSDT";
    static final CollateralRule ONE = CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1});
    static final CollateralRule BTC = CollateralRule.bybitTiers(new double[]{10, Double.POSITIVE_INFINITY}, new double[]{0.95, 0});

    @TempDir
    Path dir;
    FakeBybit fake;
    FakeWatch<FakeBybit> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBybit(KEY, SECRET).marginMode("REGULAR_MARGIN").utaStatus(5).wallet(10_000).wallet("BTC", 0.05).wallet("USDC", 25)
                .coinIndex("USDT", 1).coinIndex("BTC", 60_000).coinIndex("USDC", 1)
                .collateralTiers("USDT", new double[]{Double.POSITIVE_INFINITY}, new double[]{1})
                .collateralTiers("BTC", new double[]{10, Double.POSITIVE_INFINITY}, new double[]{0.95, 0})
                .collateralTiers("USDC", new double[]{Double.POSITIVE_INFINITY}, new double[]{1})
                .position(new FakeBybit.Pos(LIN, "Buy", 10, 3_000, 20, 0))
                .position(new FakeBybit.Pos(INV, "Buy", 10_000, 60_000, 20, 0));
        fake.mark(LIN, 3_000);
        fake.mark(INV, 60_000);
        w = new FakeWatch<>(fake, "uta", "bybit", new Credentials(KEY, SECRET), dir);
        await("both priced on the pool, sockets open", () -> row(INV) != null && row(LIN) != null && Double.isFinite(row(INV).liquidationPrice())
                && !w.sink.last().stale() && fake.marketConnections() == 2 && fake.userConnections() == 1
                && fake.subscribed("inverse", "tickers.BTCUSD") && fake.subscribed("linear", "tickers.ETHUSDT"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    Instruments instruments() {
        return w.monitor.watchers().get(0).instruments();
    }

    /**
     * The pool as core prices it, BTCUSD marked at {@code btc}; assets in the order Bybit lists the coins. The BTC settling
     * BTCUSD moves with it (index 60,000 at the snapshot's mark of 60,000), as the watcher moves it between snapshots.
     */
    static CollateralPool pool(double btc) {
        return new CollateralPool(List.of(new CollateralAsset("USDT", 10_000, 1, ONE), new CollateralAsset("BTC", 0.05, btc, BTC),
                new CollateralAsset("USDC", 25, 1, ONE)), List.of(
                new Position(LIN, Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000),
                new Position(INV, Side.LONG, 10_000, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, btc, ContractType.INVERSE)), null);
    }

    @Test
    void snapshot_bothCategoriesPricedOnOnePool_asCorePricesIt() {
        WatchView v = w.sink.last();
        PoolReport core = pool(60_000).evaluate(instruments());
        assertThat(v.assetMode()).isEqualTo("unified-cross");
        assertThat(v.crossRatio()).isEqualTo(core.marginRatio());
        assertThat(row(INV).marginRatio()).isEqualTo(core.marginRatio());
        assertThat(row(LIN).marginRatio()).isEqualTo(core.marginRatio());
        assertThat(row(LIN).liquidationPrice()).isEqualTo(core.liquidations().get(0).liquidationPrice());
        assertThat(row(INV).liquidationPrice()).isEqualTo(core.liquidations().get(1).liquidationPrice());
        assertThat(v.collateral()).extracting(WatchView.Collateral::asset).containsExactly("USDT", "BTC", "USDC");
        assertThat(v.collateral().get(1).valueUsd()).as("0.05 BTC × 60,000 × 95 %, the PnL at the index (0 at entry)").isEqualTo(0.05 * 60_000 * 0.95);
        assertThat(v.wallets()).as("no per-coin wallets: one pool").isEmpty();
        assertThat(fake.requests()).contains("GET /v5/spot-margin-trade/collateral");
        // the per-coin estimate this replaces priced BTCUSD on the 0.05 BTC alone: its liquidation price was far nearer
        assertThat(row(INV).liquidationPrice()).isLessThan(46_385.0 - 10_000);
        System.out.printf("bybit unified pool: margin balance %.2f USD, MM %.4f USD, ratio %.6f; liquidation ETHUSDT %.2f, BTCUSD %.1f%n",
                core.marginBalanceUsd(), core.maintenanceMarginUsd(), core.marginRatio(), row(LIN).liquidationPrice(), row(INV).liquidationPrice());
    }

    @Test
    void markWalksThroughEightyPercentAndLiquidation_oneWebhookEach_onTheAccountsCrossSubject() throws Exception {
        DoubleUnaryOperator ratio = p -> pool(p).marginRatio(instruments());
        double at80 = solve(ratio, 0.8), atLiq = solve(ratio, 1.0);
        assertThat(atLiq).isCloseTo(pool(60_000).liquidationPrice(instruments(), INV).price(), org.assertj.core.api.Assertions.within(1e-6));
        tick(55_000);
        tick(at80 + 10);
        tick(Math.floor(at80 - 1));
        tick(at80 - 10);
        await("the 80 % webhook", () -> w.hook.received().size() == 1);
        tick(atLiq + 10);
        tick(atLiq - 10);
        tick(atLiq - 20);
        await("the liquidation webhook", () -> w.hook.received().size() == 2);
        Thread.sleep(300);
        assertThat(w.hook.received()).extracting(r -> r.body().path("subject").asText() + " " + r.body().path("kind").asText())
                .containsExactly("cross threshold", "cross liquidation");
        assertThat(w.hook.received().get(0).body().path("message").asText()).contains("uta cross (unified-cross): ");
        assertThat(w.hook.received().get(0).body().path("marginRatio").asDouble()).isBetween(0.8, 0.82);
    }

    @Test
    void socketsDroppedMidPath_resyncAlertsTheLiquidationOnce() throws Exception {
        DoubleUnaryOperator ratio = p -> pool(p).marginRatio(instruments());
        double at80 = solve(ratio, 0.8), atLiq = solve(ratio, 1.0);
        tick(55_000);
        tick(Math.floor(at80 - 5));
        await("the 80 % webhook", () -> w.hook.received().size() == 1);
        long snapshots = fake.requests().stream().filter(r -> r.equals("GET /v5/position/list")).count();
        fake.dropConnections();
        fake.mark(INV, atLiq - 10);
        await("reconnected and resynchronised", () -> fake.requests().stream().filter(r -> r.equals("GET /v5/position/list")).count() > snapshots + 1
                && fake.marketConnections() == 2 && fake.userConnections() == 1 && fake.subscribed("inverse", "tickers.BTCUSD"));
        await("the liquidation webhook", () -> w.hook.received().size() == 2);
        Thread.sleep(300);
        assertThat(w.hook.received()).extracting(r -> r.body().path("kind").asText()).containsExactly("threshold", "liquidation");
    }

    private static double solve(DoubleUnaryOperator ratio, double target) {
        return FakeWatch.solve(ratio, 60_000, 100, target);
    }

    private WatchView.Row row(String symbol) {
        return w.row(symbol);
    }

    private void tick(double price) throws InterruptedException {
        w.tick(INV, price);
    }
}
