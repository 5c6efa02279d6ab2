package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A spot dollar stablecoin is cash: 10,000 of it adds 10,000 to equity and nothing to any delta, VaR, scenario, hedge or
 * symbol list — the report is the one without it but for equity (and the leverages on it). It was a USDCUSDT "spot long"
 * moved by beta 1 with BTC in every scenario and it left VaR uncomputed (no USDCUSDT candles).
 */
class SpotCashTest {
    static final List<SubAccount> BOOK = List.of(new SubAccount("main", new Account(20_000, List.of(
            cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000), cross("SOLUSDT", Side.LONG, 100, 140, 140)))));
    static final PortfolioRisk.Options OPTIONS = new PortfolioRisk.Options(365, List.of(-0.30), List.of(), List.of(), null);

    static PortfolioReport analyse(List<SpotHolding> spot) {
        return PortfolioRisk.analyse(new Portfolio(BOOK, spot), INSTRUMENTS, PooledCollateralExposureTest.DAILY, OPTIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USDT", "USDC", "FDUSD", "USDE", "DAI", "usdc"})
    void aStablecoin_isCashInEquity_andInNoRiskFigure(String coin) {
        SpotHolding btc = new SpotHolding("BTC", 0.5, 60_000);
        PortfolioReport without = analyse(List.of(btc));
        PortfolioReport with = analyse(List.of(btc, new SpotHolding(coin, 10_000, 1)));
        Exposure e = with.exposure(), e0 = without.exposure();

        assertThat(e.cashValue()).isEqualTo(10_000);
        assertThat(e.equity()).isCloseTo(e0.equity() + 10_000, within(1e-6));
        assertThat(e.symbols()).isEqualTo(e0.symbols());
        assertThat(e.netDeltaUsd()).isEqualTo(e0.netDeltaUsd());
        assertThat(e.betaWeightedDeltaUsd()).isEqualTo(e0.betaWeightedDeltaUsd());
        assertThat(e.grossNotional()).isEqualTo(e0.grossNotional());
        assertThat(e.spotValue()).isEqualTo(30_000);
        assertThat(with.historicalVar()).isNotNull().isEqualTo(without.historicalVar());
        assertThat(with.scenarios()).hasSize(1);
        assertThat(with.scenarios().get(0).totalPnl()).isEqualTo(without.scenarios().get(0).totalPnl());
        assertThat(with.scenarios().get(0).spotPnl()).isCloseTo(30_000 * -0.30, within(1e-6));
        assertThat(with.hedge().qty()).isEqualTo(without.hedge().qty());
        assertThat(with.spotHedges()).extracting(Hedge.SpotHedge::asset).containsExactly("BTC");
        assertThat(with.warnings()).isEqualTo(without.warnings());
        assertThat(with.liquidationShock()).isEqualTo(without.liquidationShock());
    }

    @Test
    void cashIsTheMarginCollateralList_oneNotionOfADollarStablecoin() {
        for (String d : CollateralAsset.DOLLARS) {
            assertThat(new SpotHolding(d, 1, 1).cash()).as(d).isTrue();
        }
        assertThat(new SpotHolding("BTC", 1, 60_000).cash()).isFalse();
        Portfolio p = new Portfolio(BOOK, List.of(new SpotHolding("USDC", 2_500, 0.999), new SpotHolding("ETH", 1, 3_000)));
        assertThat(p.cashUsd()).isCloseTo(2_497.5, within(1e-9));
        assertThat(p.market()).extracting(SpotHolding::asset).containsExactly("ETH");
        assertThat(p.symbols()).containsExactly("BTCUSDT", "SOLUSDT", "ETHUSDT");
        assertThat(p.markOf("USDCUSDT")).isNaN();
    }
}
