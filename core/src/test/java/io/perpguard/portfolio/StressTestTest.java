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
