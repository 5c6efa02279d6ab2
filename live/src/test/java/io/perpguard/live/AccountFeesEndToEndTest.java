package io.perpguard.live;

import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The account's own fees, read from each venue's fee endpoint with the read-only key: a VIP account's taker fee moves
 * the figures whose venue rule holds a fee (OKX: maintenance at MMR + taker), by the amount worked out by hand here;
 * the rates in use and whose they are are on every row; a failing endpoint leaves the default with one line.
 */
class AccountFeesEndToEndTest {
    static final String OKX_KEY = OkxEndToEndTest.KEY, OKX_SECRET = OkxEndToEndTest.SECRET, OKX_PASS = OkxEndToEndTest.PASS;

    @TempDir
    Path dir;

    /**
     * OKX, isolated ETH-USDT-SWAP long: 100 contracts × 0.1 = 10 ETH from 3,000 at 20×, margin 1,500, tier 1 (MMR 1 %).
     * OKX's margin ratio counts the taker fee in the maintenance rate (FORMULAS-BASE.md §4), so the liquidation price
     * solves 1,500 + 10·(P − 3,000) = 10·P·(0.01 + taker): P = (30,000 − 1,500) / (10·(1 − 0.01 − taker)), and the ratio at
     * the 3,000 mark is 30,000·(0.01 + taker) / 1,500.
     */
    static double okxLiq(double taker) {
        return (10 * 3_000 - 1_500) / (10 * (1 - 0.01 - taker));
    }

    static double okxRatio(double taker) {
        return 10 * 3_000 * (0.01 + taker) / 1_500;
    }

    private FakeOkx okx() {
        FakeOkx fake = new FakeOkx(OKX_KEY, OKX_SECRET, OKX_PASS).cashBal(10_000)
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 1_500));
        fake.mark("ETH-USDT-SWAP", 3_000);
        return fake;
    }

    private static WatchView.Row row(FakeWatch<?> w, String symbol) {
        return w.row(symbol);
    }

    @Test
    void okxVipTakerFee_lowersTheLiquidationPriceAndRatio_byTheHandWorkedAmount() throws Exception {
        FakeOkx fake = okx();
        fake.fees("ETH-USDT-SWAP", 0.0002, -0.00005);   // VIP: OKX answers takerU "-0.0002" (a charge), makerU "0.00005" (a rebate)
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "okx-vip", "okx", new Credentials(OKX_KEY, OKX_SECRET, OKX_PASS), dir)) {
            await("the account's fees priced in at the mark", () -> row(w, "ETH-USDT-SWAP") != null
                    && "account".equals(row(w, "ETH-USDT-SWAP").feeSource()) && Double.isFinite(row(w, "ETH-USDT-SWAP").liquidationPrice()));
            WatchView.Row eth = row(w, "ETH-USDT-SWAP");
            assertThat(eth.takerFee()).as("OKX's negative charge read as a positive fee").isEqualTo(0.0002);
            assertThat(eth.makerFee()).as("OKX's positive maker figure is a rebate").isEqualTo(-0.00005);
            // 2,879.37 (VIP, 0.02 %) instead of 2,880.25 (Lv1, 0.05 %): 0.87 lower, each rounded up to the 0.01 tick
            assertThat(eth.liquidationPrice()).isCloseTo(Math.ceil(okxLiq(0.0002) * 100) / 100, within(1e-9));
            assertThat(okxLiq(0.0005) - eth.liquidationPrice()).isCloseTo(okxLiq(0.0005) - okxLiq(0.0002), within(0.01));
            // margin ratio 20.4 % instead of 21 %
            assertThat(eth.marginRatio()).isCloseTo(okxRatio(0.0002), within(1e-9));
            assertThat(fake.requestsOf("GET /api/v5/account/trade-fee")).isEqualTo(1);
        }
    }

    @Test
    void okxFeeEndpointFailing_keepsTheDefaultFee_saysSoInOneLine() throws Exception {
        FakeOkx fake = okx();
        fake.fees("ETH-USDT-SWAP", 0.0002, -0.00005);
        fake.failFees(true);
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "okx-vip", "okx", new Credentials(OKX_KEY, OKX_SECRET, OKX_PASS), dir)) {
            await("the notice, and the position priced at the mark", () -> w.sink.lines.stream().anyMatch(l -> l.contains("fee rate on ETH-USDT-SWAP could not be read"))
                    && row(w, "ETH-USDT-SWAP") != null && Double.isFinite(row(w, "ETH-USDT-SWAP").liquidationPrice()));
            WatchView.Row eth = row(w, "ETH-USDT-SWAP");
            assertThat(eth.feeSource()).isEqualTo("default");
            assertThat(eth.takerFee()).isEqualTo(0.0005);
            assertThat(eth.liquidationPrice()).isCloseTo(Math.ceil(okxLiq(0.0005) * 100) / 100, within(1e-9));
            assertThat(eth.marginRatio()).isCloseTo(okxRatio(0.0005), within(1e-9));
            assertThat(w.sink.lines.stream().filter(l -> l.contains("could not be read"))).singleElement().asString()
                    .startsWith("okx: the account's fee rate on ETH-USDT-SWAP could not be read (")
                    .endsWith("); using the default taker 0.0500 %, maker 0.0200 %");
        }
    }

    @Test
    void binanceVipCommission_isShownAndReadOncePerSymbol_acrossReconnects() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDT", 3_000);
        fake.fees("BTCUSDT", 0.00018, 0);   // VIP 3
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("both symbols' fees read", () -> w.sink.last() != null && w.sink.last().positions().size() == 2
                    && w.sink.last().positions().stream().allMatch(r -> "account".equals(r.feeSource())));
            assertThat(row(w, "BTCUSDT").takerFee()).isEqualTo(0.00018);
            assertThat(row(w, "BTCUSDT").makerFee()).isEqualTo(0.0);
            assertThat(row(w, "ETHUSDT").takerFee()).as("not scripted: VIP 0").isEqualTo(0.0005);
            // Binance's liquidation price has no fee in it (FORMULAS-BASE.md §1): the VIP rate moves no figure there
            assertThat(w.watcher().instruments().get("BTCUSDT").contract().takerFee()).isEqualTo(0.00018);
            fake.dropConnections();
            await("reconnected", () -> fake.marketConnections() == 1 && fake.userConnections() == 1 && !w.sink.last().stale());
            assertThat(fake.requestsOf("GET /fapi/v2/positionRisk")).as("a second snapshot after the reconnect").isGreaterThanOrEqualTo(2);
            assertThat(fake.requestsOf("GET /fapi/v1/commissionRate")).as("once per symbol per session").isEqualTo(2);
        }
    }

    @Test
    void binanceCoinmBybitAndXt_readTheirOwnEndpoints() throws Exception {
        FakeBinanceCoinm cm = new FakeBinanceCoinm("cmKeyR4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c", "cmSecret0a9s8d7f6g5h4j3k2l1z0x9c8v7b6n5m4")
                .wallet("BTC", 0.05).position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0));
        cm.mark("BTCUSD_PERP", 60_000);
        cm.fees("BTCUSD_PERP", 0.0004, 0.00015);
        assertRead(cm, "binance-coinm", new Credentials(cm.apiKey, cm.secret), "BTCUSD_PERP", 0.0004, 0.00015, "GET /dapi/v1/commissionRate");

        FakeBybit bybit = new FakeBybit("bybitKeyT5r4e3w2q1", "bybitSecretY6u7i8o9p0").wallet(5_000)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 1_500));
        bybit.mark("ETHUSDT", 3_000);
        bybit.fees("ETHUSDT", 0.0004, 0.0001);
        assertRead(bybit, "bybit", new Credentials(bybit.apiKey, bybit.secret), "ETHUSDT", 0.0004, 0.0001, "GET /v5/account/fee-rate");

        FakeXt xt = new FakeXt("xtKey0a1b2c3d4e5f6", "xtSecret6f5e4d3c2b1a0").wallet(10_000)
                .position(new FakeXt.Pos("eth_usdt", "LONG", 1_000, 3_000, 20, "ISOLATED", 1_500));
        xt.mark("eth_usdt", 3_000);
        xt.fees("*", 0.0005, 0.0002);   // XT's one pair for the whole account
        assertRead(xt, "xt", new Credentials(xt.apiKey, xt.secret), "ETH_USDT", 0.0005, 0.0002, "GET /future/user/v1/user/step-rate");
    }

    /**
     * XT's step-rate is one pair for the whole account (it takes no symbol): read once for the account, not once per held
     * symbol, and every symbol priced with it. It was read once per symbol (two reads here).
     */
    @Test
    void xtsAccountWideFeePair_isReadOncePerAccount_forEverySymbol() throws Exception {
        FakeXt xt = new FakeXt("xtKey0a1b2c3d4e5f6", "xtSecret6f5e4d3c2b1a0").wallet(10_000)
                .position(new FakeXt.Pos("eth_usdt", "LONG", 1_000, 3_000, 20, "ISOLATED", 1_500))
                .position(new FakeXt.Pos("btc_usdt", "SHORT", 1_000, 60_000, 20, "CROSSED", 0));
        xt.mark("eth_usdt", 3_000);
        xt.mark("btc_usdt", 60_000);
        xt.fees("*", 0.0005, 0.0002);
        try (FakeWatch<FakeXt> w = new FakeWatch<>(xt, "xt", "xt", new Credentials(xt.apiKey, xt.secret), dir)) {
            await("both symbols priced with the account's pair", () -> w.last() != null && w.last().positions().size() == 2
                    && w.last().positions().stream().allMatch(r -> "account".equals(r.feeSource())));
            assertThat(w.last().positions()).allSatisfy(r -> {
                assertThat(r.takerFee()).isEqualTo(0.0005);
                assertThat(r.makerFee()).isEqualTo(0.0002);
            });
            assertThat(xt.requestsOf("GET /future/user/v1/user/step-rate")).as("once for the account").isEqualTo(1);
        }
    }

    /**
     * Bybit's fee-rate takes no symbol for linear contracts and then lists every one of them: the fees of every held linear
     * symbol come from one call, each at its own rates. They were read with one call per symbol (two here).
     */
    @Test
    void bybitsFeeRates_areReadInOneCallForEveryLinearSymbolHeld() throws Exception {
        FakeBybit bybit = new FakeBybit("bybitKeyT5r4e3w2q1", "bybitSecretY6u7i8o9p0").wallet(5_000)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 1_500))
                .position(new FakeBybit.Pos("BTCUSDT", "Sell", 0.1, 60_000, 20, 300));
        bybit.mark("ETHUSDT", 3_000);
        bybit.mark("BTCUSDT", 60_000);
        bybit.fees("ETHUSDT", 0.0004, 0.0001);
        bybit.fees("BTCUSDT", 0.0003, -0.00005);
        try (FakeWatch<FakeBybit> w = new FakeWatch<>(bybit, "bybit", "bybit", new Credentials(bybit.apiKey, bybit.secret), dir)) {
            await("both symbols priced with the account's rates", () -> w.last() != null && w.last().positions().size() == 2
                    && w.last().positions().stream().allMatch(r -> "account".equals(r.feeSource())));
            assertThat(row(w, "ETHUSDT").takerFee()).isEqualTo(0.0004);
            assertThat(row(w, "ETHUSDT").makerFee()).isEqualTo(0.0001);
            assertThat(row(w, "BTCUSDT").takerFee()).isEqualTo(0.0003);
            assertThat(row(w, "BTCUSDT").makerFee()).isEqualTo(-0.00005);
            assertThat(bybit.requestsOf("GET /v5/account/fee-rate")).as("one call for the category").isEqualTo(1);
        }
    }

    /**
     * While the first fee read of a position's symbol is in flight its row says {@code reading}, not {@code default}: the
     * account's rates are not known yet, and the default is not what the account pays. Once the read answers, {@code account}.
     */
    @Test
    void aPositionsFeesAreReadingUntilTheReadAnswers_notDefault() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        fake.fees("BTCUSDT", 0.00018, 0);
        fake.holdFees(true);   // the read is slow
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("the position shown while its fees are read", () -> row(w, "BTCUSDT") != null && row(w, "BTCUSDT").feeSource() != null
                    && fake.requestsOf("GET /fapi/v1/commissionRate") == 1);
            assertThat(row(w, "BTCUSDT").feeSource()).isEqualTo("reading");
            fake.holdFees(false);
            await("the account's rates", () -> "account".equals(row(w, "BTCUSDT").feeSource()));
            assertThat(w.sink.views).as("never shown as the default while being read")
                    .allSatisfy(v -> v.positions().forEach(r -> assertThat(r.feeSource()).isNotEqualTo("default")));
            assertThat(row(w, "BTCUSDT").takerFee()).isEqualTo(0.00018);
        }
    }

    private <F extends FakeVenue> void assertRead(F fake, String venue, Credentials key, String symbol, double taker, double maker,
                                                  String request) throws Exception {
        try (FakeWatch<F> w = new FakeWatch<>(fake, venue, venue, key, dir.resolve(venue))) {
            await(venue + ": the account's fees on " + symbol, () -> row(w, symbol) != null && "account".equals(row(w, symbol).feeSource()));
            assertThat(row(w, symbol).takerFee()).as(venue).isEqualTo(taker);
            assertThat(row(w, symbol).makerFee()).as(venue).isEqualTo(maker);
            assertThat(fake.requestsOf(request)).as(venue).isEqualTo(1);
        }
    }
}
