package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.fake.FakeOkx;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OKX multi-currency margin ({@code acctLv} 3) against {@link FakeOkx}: 1,000 USDT and 0.5 BTC (OKX discount rate 95 %
 * up to 5 BTC, 90 % beyond) back a cross ETH-USDT-SWAP long (1,000 contracts of 0.1 ETH at 3,000) on one pool. The
 * snapshot is priced as core's {@link CollateralPool} prices it (OKX's rule: adjusted equity = Σ equity × price ×
 * discount rate; mgnRatio = adjEq / (MMR + fees)); a BTC deposit pushed on the {@code account} channel moves the
 * liquidation price down; the mark walks through 80 % and liquidation of the account's MM rate with every socket
 * dropped mid-path: one webhook each, on the account's {@code cross} subject, the liquidation found by the resync.
 */
class OkxMultiCurrencyEndToEndTest {
    static final String KEY = "okxMcKey-9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", SECRET = "OKXMCSECRET1A2B3C4D5E6F708192A3B4C", PASS = "okx-Mc-pass-17";
    static final String ETH = "ETH-USDT-SWAP";
    static final CollateralRule USDT = CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1});
    static final CollateralRule BTC = CollateralRule.okxDiscountTiers(new double[]{5, Double.POSITIVE_INFINITY}, new double[]{0.95, 0.9});

    @TempDir
    Path dir;
    FakeOkx fake;
    FakeWatch<FakeOkx> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeOkx(KEY, SECRET, PASS).acctLv("3").cashBal(1_000).cashBal("BTC", 0.5).usdPrice("BTC", 60_000)
                .discountTiers("USDT", new double[]{Double.POSITIVE_INFINITY}, new double[]{1})
                .discountTiers("BTC", new double[]{5, Double.POSITIVE_INFINITY}, new double[]{0.95, 0.9})
                .position(new FakeOkx.Pos(ETH, "net", 1_000, 3_000, 10, "cross", 0));
        fake.mark(ETH, 3_000);
        w = new FakeWatch<>(fake, "okx-mc", "okx", new Credentials(KEY, SECRET, PASS), dir);
        await("priced on the pool, sockets open", () -> row() != null && Double.isFinite(row().liquidationPrice()) && !w.sink.last().stale()
                && fake.marketConnections() == 1 && fake.userConnections() == 1 && fake.subscribed("mark-price", ETH));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    Instruments instruments() {
        return w.monitor.watchers().get(0).instruments();
    }

    /** The pool as core prices it: ETH-USDT-SWAP marked at {@code eth}, {@code btc} BTC beside 1,000 USDT. */
    static CollateralPool pool(double eth, double btc) {
        return new CollateralPool(List.of(new CollateralAsset("USDT", 1_000, 1, USDT), new CollateralAsset("BTC", btc, 60_000, BTC)),
                List.of(new Position(ETH, Side.LONG, 100, 3_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, eth)), null);
    }

    @Test
    void snapshot_pricedOnOnePool_asCorePricesIt() {
        WatchView v = w.sink.last();
        PoolReport core = pool(3_000, 0.5).evaluate(instruments());
        assertThat(v.assetMode()).isEqualTo("multi-currency");
        assertThat(v.crossRatio()).isEqualTo(core.marginRatio());
        assertThat(row().marginRatio()).isEqualTo(core.marginRatio());
        assertThat(row().liquidationPrice()).isEqualTo(core.liquidations().get(0).liquidationPrice());
        assertThat(v.collateral()).extracting(WatchView.Collateral::asset).containsExactly("USDT", "BTC");
        assertThat(v.collateral().get(1).valueUsd()).as("0.5 BTC × 60,000 × 95 %").isEqualTo(28_500);
        assertThat(core.marginBalanceUsd()).as("adjEq").isCloseTo(29_500, within(1e-9));
        // tier 1 of the fake's ETH-USDT ladder: MMR 1 % + the 0.05 % taker fee: 100 ETH × 3,000 × 1.05 %
        assertThat(core.maintenanceMarginUsd()).as("MMR + fees").isCloseTo(3_150, within(1e-6));
        // adjEq = MMR + fees: 1000 + 100·(P − 3000) + 28500 = 1.05·P  →  P = 270500 / 98.95
        assertThat(core.liquidations().get(0).liquidationPriceExact()).isCloseTo(270_500 / 98.95, within(1e-6));
        assertThat(fake.requests()).contains("GET /api/v5/public/discount-rate-interest-free-quota");
        // the single-currency pricing this replaces: the 1,000 USDT alone behind the long (1000 + 100·(P − 3000) = 1.05·P)
        double usdtAlone = 299_000 / 98.95;
        assertThat(row().liquidationPrice()).isLessThan(usdtAlone - 250);
        System.out.printf("okx multi-currency: adjEq %.2f USD, MMR+fees %.4f USD, mgnRatio %.4f; ETH-USDT-SWAP liquidation %.2f (USDT alone %.2f)%n",
                core.marginBalanceUsd(), core.maintenanceMarginUsd(), 1 / core.marginRatio(), row().liquidationPrice(), usdtAlone);
    }

    @Test
    void aBtcDeposit_movesTheLiquidationPriceDown_asCorePricesIt() throws Exception {
        double before = row().liquidationPrice();
        fake.cashBal("BTC", 1.5);
        fake.pushBalance();
        double after = pool(3_000, 1.5).evaluate(instruments()).liquidations().get(0).liquidationPrice();
        await("the deposit priced", () -> row().liquidationPrice() == after);
        // one more BTC at 95 %: 57,000 USD more adjusted equity, (300000 − 1000 − 85500) / 98.95
        assertThat(pool(3_000, 1.5).liquidationPrice(instruments(), ETH).price()).isCloseTo(213_500 / 98.95, within(1e-6));
        assertThat(after).isLessThan(before - 500);
        System.out.printf("okx multi-currency: a 1 BTC deposit moves ETH-USDT-SWAP's liquidation %.2f -> %.2f%n", before, after);
    }

    @Test
    void markWalksThroughEightyPercent_thenSocketsDrop_resyncAlertsTheLiquidationOnce() throws Exception {
        DoubleUnaryOperator ratio = p -> pool(p, 0.5).marginRatio(instruments());
        double at80 = solve(ratio, 0.8), atLiq = solve(ratio, 1.0);
        assertThat(atLiq).isCloseTo(270_500 / 98.95, within(1e-6));
        tick(2_900);
        tick(Math.floor(at80 - 5));
        await("the 80 % webhook", () -> w.hook.received().size() == 1);
        assertThat(w.hook.received().get(0).body().path("message").asText()).contains("okx-mc cross (multi-currency): ");
        long snapshots = fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count();
        fake.dropConnections();
        fake.mark(ETH, atLiq - 10);
        await("reconnected and resynchronised", () -> fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count() > snapshots
                && fake.marketConnections() == 1 && fake.userConnections() == 1 && fake.subscribed("mark-price", ETH));
        await("the liquidation webhook", () -> w.hook.received().size() == 2);
        Thread.sleep(300);
        assertThat(w.hook.received()).extracting(r -> r.body().path("subject").asText() + " " + r.body().path("kind").asText())
                .containsExactly("cross threshold", "cross liquidation");
    }

    private static double solve(DoubleUnaryOperator ratio, double target) {
        return FakeWatch.solve(ratio, 3_000, 100, target);
    }

    private WatchView.Row row() {
        return w.row(ETH);
    }

    private void tick(double price) throws InterruptedException {
        w.tick(ETH, price);
    }
}
