package io.perpguard.portfolio;

import io.perpguard.market.CandleSeries;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StressTestTest {
    static final long D = ReturnMatrix.DAY_MS;
    static final long T = LocalDate.of(2020, 3, 12).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    /** BTC 2020-03-11 and 2020-03-12 daily candles (shared/data PROVENANCE.md: O/H/L/C). */
    static final CandleSeries BTC = new CandleSeries("BTCUSDT", new long[]{T - D, T}, new double[]{7894.57, 7934.58},
            new double[]{7980, 7966.17}, new double[]{7590, 4410}, new double[]{7934.52, 4800}, new double[]{1, 1});

    @Test
    void test_historical_closeToClose_andIntradayExtremeForALong() {
        var close = StressTest.historical(LocalDate.of(2020, 3, 12), false, List.of("BTCUSDT"), Map.of("BTCUSDT", BTC), Map.of(), Betas.none("BTCUSDT"));
        assertThat(close.moves().get("BTCUSDT")).isCloseTo(4800 / 7934.52 - 1, within(1e-12));
        var low = StressTest.historical(LocalDate.of(2020, 3, 12), true, List.of("BTCUSDT"), Map.of("BTCUSDT", BTC),
                Map.of("BTCUSDT", 1.0), Betas.none("BTCUSDT"));
        assertThat(low.moves().get("BTCUSDT")).isCloseTo(4410 / 7934.52 - 1, within(1e-12));
        var high = StressTest.historical(LocalDate.of(2020, 3, 12), true, List.of("BTCUSDT"), Map.of("BTCUSDT", BTC),
                Map.of("BTCUSDT", -1.0), Betas.none("BTCUSDT"));
        assertThat(high.moves().get("BTCUSDT")).isCloseTo(7966.17 / 7934.52 - 1, within(1e-12));
    }

    @Test
    void test_historical_symbolWithoutCandles_movesByBetaTimesBtc_andSaysSo() {
        var s = StressTest.historical(LocalDate.of(2020, 3, 12), false, List.of("BTCUSDT", "SOLUSDT"), Map.of("BTCUSDT", BTC),
                Map.of(), new Betas("BTCUSDT", Map.of("SOLUSDT", 1.5)));
        assertThat(s.moves().get("SOLUSDT")).isCloseTo(1.5 * (4800 / 7934.52 - 1), within(1e-12));
        assertThat(s.notes()).containsExactly(PortfolioNote.of(PortfolioNote.Code.SCENARIO_PROXIED, "symbol", "SOLUSDT", "day", "2020-03-12",
                "beta", 1.5, "benchmark", "BTCUSDT"));
    }

    @Test
    void test_historical_intradayExtreme_ofAProxiedSymbol_isTheBenchmarkExtremeAgainstThatSymbolsPosition() {
        // SOL has no candle on 2020-03-12 and moves by β = 1.5 × BTC. Its intraday extreme must be adverse to the SOL
        // position, whatever the book holds of BTC:
        //   SOL long, no BTC position:  1.5 × (4410 / 7934.52 − 1) = −0.66630 (BTC's low), not 1.5 × the close −0.59258
        //   SOL long, BTC short (hedge): the same −0.66630, not 1.5 × BTC's high +0.00598 (a gain on the crash day)
        //   SOL short:                   1.5 × (7966.17 / 7934.52 − 1) = +0.00598 (BTC's high)
        LocalDate day = LocalDate.of(2020, 3, 12);
        Betas betas = new Betas("BTCUSDT", Map.of("SOLUSDT", 1.5));
        double low = 1.5 * (4410 / 7934.52 - 1), high = 1.5 * (7966.17 / 7934.52 - 1);
        var alone = StressTest.historical(day, true, List.of("SOLUSDT"), Map.of("BTCUSDT", BTC), Map.of("SOLUSDT", 100.0), betas);
        assertThat(alone.moves().get("SOLUSDT")).isCloseTo(low, within(1e-12));
        var hedged = StressTest.historical(day, true, List.of("BTCUSDT", "SOLUSDT"), Map.of("BTCUSDT", BTC),
                Map.of("SOLUSDT", 100.0, "BTCUSDT", -0.2), betas);
        assertThat(hedged.moves().get("SOLUSDT")).isCloseTo(low, within(1e-12));
        assertThat(hedged.moves().get("BTCUSDT")).isCloseTo(7966.17 / 7934.52 - 1, within(1e-12));
        var shortSol = StressTest.historical(day, true, List.of("BTCUSDT", "SOLUSDT"), Map.of("BTCUSDT", BTC),
                Map.of("SOLUSDT", -100.0, "BTCUSDT", 1.0), betas);
        assertThat(shortSol.moves().get("SOLUSDT")).isCloseTo(high, within(1e-12));
        // a negative beta turns the benchmark's extreme around: a long moves by −0.5 × BTC's high
        var inverse = StressTest.historical(day, true, List.of("SOLUSDT"), Map.of("BTCUSDT", BTC), Map.of("SOLUSDT", 100.0),
                new Betas("BTCUSDT", Map.of("SOLUSDT", -0.5)));
        assertThat(inverse.moves().get("SOLUSDT")).isCloseTo(-0.5 * (7966.17 / 7934.52 - 1), within(1e-12));
        // the close-to-close scenario is unchanged: β × the benchmark's close
        var close = StressTest.historical(day, false, List.of("SOLUSDT"), Map.of("BTCUSDT", BTC), Map.of("SOLUSDT", 100.0), betas);
        assertThat(close.moves().get("SOLUSDT")).isCloseTo(1.5 * (4800 / 7934.52 - 1), within(1e-12));
    }

    @Test
    void test_historical_proxiesByTheBenchmarkGiven_notByBtc() {
        // the same candles named ETHUSDT and made the benchmark: BTCUSDT (no candles) moves 0.8 × ETH's move
        CandleSeries eth = new CandleSeries("ETHUSDT", BTC.openTimeMs(), BTC.open(), BTC.high(), BTC.low(), BTC.close(), BTC.volume());
        var s = StressTest.historical(LocalDate.of(2020, 3, 12), false, List.of("BTCUSDT", "ETHUSDT"), Map.of("ETHUSDT", eth),
                Map.of(), new Betas("ETHUSDT", Map.of("BTCUSDT", 0.8)));
        assertThat(s.moves().get("BTCUSDT")).isCloseTo(0.8 * (4800 / 7934.52 - 1), within(1e-12));
        assertThat(s.notes().get(0).values()).containsEntry("benchmark", "ETHUSDT").containsEntry("symbol", "BTCUSDT");
    }

    @Test
    void test_historical_dayNotInData_noMoveFromAGap() {
        var s = StressTest.historical(LocalDate.of(2020, 3, 13), false, List.of("BTCUSDT"), Map.of("BTCUSDT", BTC), Map.of(), Betas.none("BTCUSDT"));
        assertThat(s.moves()).doesNotContainKey("BTCUSDT");
        assertThat(s.notes()).hasSize(1);
    }
}
