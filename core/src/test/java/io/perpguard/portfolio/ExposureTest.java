package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExposureTest {
    static final double TOL = 1e-9;

    @Test
    void test_of_longShortAndSpot_deltasLeverageAndBetaWeighting() {
        Portfolio p = new Portfolio(List.of(
                new SubAccount("main", new Account(20_000, List.of(cross("BTCUSDT", Side.LONG, 1, 58_000, 60_000)))),
                new SubAccount("alt", new Account(10_000, List.of(cross("ETHUSDT", Side.SHORT, 10, 3_000, 3_000))))),
                List.of(new SpotHolding("btc", 2, 60_000)));
        Exposure e = Exposure.of(p, new Betas("BTCUSDT", Map.of("ETHUSDT", 1.5)));
        Exposure.Line btc = e.line("BTCUSDT");
        assertThat(btc.netQty()).isEqualTo(3); // 1 perp + 2 spot: USD 3 per $1 move of BTC
        assertThat(btc.netDeltaUsd()).isCloseTo(180_000, within(TOL));
        assertThat(btc.delta1PctUsd()).isCloseTo(1_800, within(TOL));
        assertThat(btc.spotValue()).isEqualTo(120_000);
        Exposure.Line eth = e.line("ETHUSDT");
        assertThat(eth.netDeltaUsd()).isCloseTo(-30_000, within(TOL));
        assertThat(eth.betaWeightedDeltaUsd()).isCloseTo(-45_000, within(TOL));
        assertThat(e.netDeltaUsd()).isCloseTo(150_000, within(TOL));
        assertThat(e.betaWeightedDeltaUsd()).isCloseTo(135_000, within(TOL));
        assertThat(e.futuresBetaWeightedDeltaUsd()).isCloseTo(60_000 - 45_000, within(TOL));
        // equity = wallets 30,000 + uPnL 2,000 + spot 120,000
        assertThat(e.equity()).isCloseTo(152_000, within(TOL));
        assertThat(e.grossNotional()).isCloseTo(60_000 + 30_000 + 120_000, within(TOL));
        assertThat(e.grossLeverage()).isCloseTo(210_000 / 152_000.0, within(TOL));
        assertThat(e.netLeverage()).isCloseTo(150_000 / 152_000.0, within(TOL));
        assertThat(e.assumedBeta()).isEmpty();
    }

    @Test
    void test_of_unknownBeta_takenAsOne_andListed() {
        Portfolio p = new Portfolio(List.of(new SubAccount("main", new Account(5_000, List.of(cross("SOLUSDT", Side.LONG, 100, 150, 150))))), List.of());
        Exposure e = Exposure.of(p, Betas.none("BTCUSDT"));
        assertThat(e.line("SOLUSDT").beta()).isNaN();
        assertThat(e.betaWeightedDeltaUsd()).isCloseTo(15_000, within(TOL));
        assertThat(e.assumedBeta()).containsExactly("SOLUSDT");
        assertThat(Betas.none("BTCUSDT").of("BTCUSDT")).isEqualTo(1);
    }

    @Test
    void test_of_anotherBenchmark_isOne_andBtcIsWeightedByItsBeta() {
        Portfolio p = new Portfolio(List.of(new SubAccount("main", new Account(20_000, List.of(
                cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000), cross("ETHUSDT", Side.LONG, 10, 3_000, 3_000))))), List.of());
        Exposure e = Exposure.of(p, new Betas("ETHUSDT", Map.of("BTCUSDT", 0.7)));
        assertThat(e.line("ETHUSDT").beta()).isEqualTo(1);
        assertThat(e.line("BTCUSDT").beta()).isEqualTo(0.7);
        assertThat(e.betaWeightedDeltaUsd()).isCloseTo(0.7 * 60_000 + 30_000, within(TOL));
        assertThat(e.assumedBeta()).isEmpty();
        // BTCUSDT is an ordinary symbol here: without an estimate it is unknown
        assertThat(Betas.none("ETHUSDT").of("BTCUSDT")).isNaN();
    }
}
