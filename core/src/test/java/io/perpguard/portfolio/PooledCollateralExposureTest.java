package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A pooled sub-account's collateral coins are exposure: 0.05 BTC and 2 ETH of collateral count in the exposure, the
 * beta-weighted delta, VaR/ES, the scenarios and the hedge exactly as the same coins held as spot do (the USDC beside them
 * carries none), and VaR is the k-th worst of Σ qty × mark × return computed here from the closes.
 */
class PooledCollateralExposureTest {
    static final CollateralRule R95 = CollateralRule.binanceMultiAssets(0.05, 0.05);
    static final List<Position> BOOK = List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000), cross("SOLUSDT", Side.LONG, 100, 140, 140));
    static final int DAYS = 120;
    static final Map<String, CandleSeries> DAILY = Map.of("BTCUSDT", walk("BTCUSDT", 1, 0.03), "ETHUSDT", walk("ETHUSDT", 2, 0.04),
            "SOLUSDT", walk("SOLUSDT", 3, 0.05));
    static final PortfolioRisk.Options OPTIONS = new PortfolioRisk.Options(365, List.of(-0.10), List.of(), List.of(), null);

    /** Daily candles whose closes follow a seeded random walk (the last close 1: marks are the positions'). */
    static CandleSeries walk(String symbol, long seed, double vol) {
        Random r = new Random(seed);
        long[] t = new long[DAYS];
        double[] c = new double[DAYS];
        double price = 1;
        for (int i = 0; i < DAYS; i++) {
            t[i] = 1_700_000_000_000L / ReturnMatrix.DAY_MS * ReturnMatrix.DAY_MS + i * ReturnMatrix.DAY_MS;
            price *= 1 + vol * r.nextGaussian();
            c[i] = price;
        }
        return new CandleSeries(symbol, t, c, c, c, c, new double[DAYS]);
    }

    static SubAccount multi(boolean coins) {
        List<CollateralAsset> pool = coins
                ? List.of(CollateralAsset.atPar("USDT", 2_000), new CollateralAsset("USDC", 3_000, 0.9999, R95),
                new CollateralAsset("BTC", 0.05, 60_000, R95), new CollateralAsset("ETH", 2, 3_000, R95))
                : List.of(CollateralAsset.atPar("USDT", 2_000), new CollateralAsset("USDC", 3_000, 0.9999, R95));
        return new SubAccount("multi", new Account(2_000, BOOK, Exchange.BINANCE), pool);
    }

    static final Portfolio POOLED = new Portfolio(List.of(multi(true)), List.of());
    /** The same book, its BTC and ETH taken out of the pool and held as spot. */
    static final Portfolio AS_SPOT = new Portfolio(List.of(multi(false)), List.of(new SpotHolding("BTC", 0.05, 60_000), new SpotHolding("ETH", 2, 3_000)));
    /** The same book without the coins at all. */
    static final Portfolio WITHOUT = new Portfolio(List.of(multi(false)), List.of());

    static PortfolioReport analyse(Portfolio p) {
        return PortfolioRisk.analyse(p, INSTRUMENTS, DAILY, OPTIONS);
    }

    static double ret(String symbol, int day) {
        double[] c = DAILY.get(symbol).close();
        return c[day] / c[day - 1] - 1;
    }

    @Test
    void theCoinsAreSpotExposure_theStablecoinNone_andTheEquityCountsThemOnce() {
        Exposure e = analyse(POOLED).exposure();
        assertThat(e.line("BTCUSDT").netQty()).isEqualTo(1.05);
        assertThat(e.line("BTCUSDT").spotValue()).isEqualTo(0.05 * 60_000);
        assertThat(e.line("ETHUSDT").netQty()).isEqualTo(2);
        assertThat(e.line("ETHUSDT").netDeltaUsd()).isEqualTo(6_000);
        assertThat(e.line("ETHUSDT").futuresDeltaUsd()).as("held in a futures account").isEqualTo(6_000);
        assertThat(e.line("USDCUSDT")).isNull();
        assertThat(e.netDeltaUsd()).isEqualTo(60_000 + 14_000 + 3_000 + 6_000);
        Exposure spot = analyse(AS_SPOT).exposure();
        assertThat(e.netDeltaUsd()).isEqualTo(spot.netDeltaUsd());
        assertThat(e.betaWeightedDeltaUsd()).isCloseTo(spot.betaWeightedDeltaUsd(), within(1e-9));
        // the pool's equity holds the coins already: the same as the wallet without them plus their spot value
        assertThat(e.equity()).isCloseTo(spot.equity(), within(1e-9));
        assertThat(e.equity()).isCloseTo(2_000 + 3_000 * 0.9999 + 3_000 + 6_000, within(1e-9));
    }

    @Test
    void varAndEs_withTheCollateral_equalTheSameBookWithTheCoinsAsSpot_andTheKthWorstByHand() {
        PortfolioReport pooled = analyse(POOLED), spot = analyse(AS_SPOT), without = analyse(WITHOUT);
        PortfolioReport.HistoricalVar v = pooled.historicalVar();
        assertThat(v.days()).isEqualTo(DAYS - 1);
        assertThat(v.var95()).isCloseTo(spot.historicalVar().var95(), within(1e-9));
        assertThat(v.var99()).isCloseTo(spot.historicalVar().var99(), within(1e-9));
        assertThat(v.es95()).isCloseTo(spot.historicalVar().es95(), within(1e-9));
        assertThat(v.var95()).isGreaterThan(without.historicalVar().var95());
        // by hand: P&L_t = 1.05 BTC × 60,000 × r_BTC + 100 SOL × 140 × r_SOL + 2 ETH × 3,000 × r_ETH, k = ceil(n × 5 %)
        double[] pnl = new double[DAYS - 1];
        for (int t = 1; t < DAYS; t++) {
            pnl[t - 1] = 1.05 * 60_000 * ret("BTCUSDT", t) + 100 * 140 * ret("SOLUSDT", t) + 2 * 3_000 * ret("ETHUSDT", t);
        }
        Arrays.sort(pnl);
        int k = (int) Math.ceil(pnl.length * 0.05);
        assertThat(v.var95()).isCloseTo(-pnl[k - 1], within(1e-6));
        double worst = 0;
        for (int i = 0; i < k; i++) {
            worst += pnl[i];
        }
        assertThat(v.es95()).isCloseTo(-worst / k, within(1e-6));
    }

    @Test
    void theHedge_offsetsTheCoinsToo_andAMarketMoveRevaluesThemAsSpot() {
        PortfolioReport pooled = analyse(POOLED);
        Betas b = pooled.betas();
        double bwd = 1.05 * 60_000 + 100 * 140 * b.of("SOLUSDT") + 2 * 3_000 * b.of("ETHUSDT");
        assertThat(pooled.exposure().futuresBetaWeightedDeltaUsd()).isCloseTo(bwd, within(1e-6));
        assertThat(pooled.hedge().side()).isEqualTo(Side.SHORT);
        assertThat(pooled.hedge().qty()).isEqualTo(INSTRUMENTS.get("BTCUSDT").contract().hedgeQty(bwd / 60_000));
        // the spot holdings' hedge is their own (a spot hedge line): the futures hedge of the spot book leaves them out
        assertThat(analyse(AS_SPOT).hedge().qty()).isLessThan(pooled.hedge().qty());
        // −10 % (each symbol × its beta): the coins move as spot would, the whole P&L linear in the beta-weighted delta
        StressTest.Result market = pooled.scenarios().get(0);
        assertThat(market.scenario().moves()).containsKey("ETHUSDT");
        assertThat(market.subAccounts().get(0).liquidated()).isFalse();
        assertThat(market.totalPnl()).isCloseTo(-0.10 * bwd, within(1e-6));
        // the same coins as spot do not back the margin: that book's 5,000 USD of stablecoins is liquidated by the same move
        assertThat(analyse(AS_SPOT).scenarios().get(0).subAccounts().get(0).liquidated()).isTrue();
    }
}
