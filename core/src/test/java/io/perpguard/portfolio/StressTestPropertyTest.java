package io.perpguard.portfolio;

import io.perpguard.market.CandleSeries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intraday-extreme scenario is a stress: for every symbol the book holds, its own or proxied (β × the benchmark),
 * the move is at least as adverse to the symbol's net position as the close-to-close move, whatever the book holds of
 * the benchmark.
 */
final class StressTestPropertyTest {
    private static final long D = ReturnMatrix.DAY_MS;
    private static final LocalDate DAY = LocalDate.of(2020, 3, 12);
    private static final long T = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

    @Property(tries = 500)
    void intradayExtreme_isNeverKinderThanTheClose_toEveryPosition(
            @ForAll @DoubleRange(min = 0.5, max = 1.5) double closeRel,
            @ForAll @DoubleRange(min = 0, max = 0.3) double below,
            @ForAll @DoubleRange(min = 0, max = 0.3) double above,
            @ForAll @DoubleRange(min = -2, max = 3) double beta,
            @ForAll @IntRange(min = -1, max = 1) int solSide,
            @ForAll @IntRange(min = -1, max = 1) int btcSide) {
        double prev = 10_000, close = prev * closeRel;
        double low = close * (1 - below), high = close * (1 + above);
        CandleSeries btc = new CandleSeries("BTCUSDT", new long[]{T - D, T}, new double[]{prev, prev}, new double[]{prev, high},
                new double[]{prev, low}, new double[]{prev, close}, new double[]{1, 1});
        Map<String, Double> netQty = Map.of("SOLUSDT", 100.0 * solSide, "BTCUSDT", 0.5 * btcSide);
        Betas betas = new Betas("BTCUSDT", Map.of("SOLUSDT", beta));
        List<String> symbols = List.of("BTCUSDT", "SOLUSDT");   // SOL has no candles: proxied by β × BTC
        StressTest.Scenario c = StressTest.historical(DAY, false, symbols, Map.of("BTCUSDT", btc), netQty, betas);
        StressTest.Scenario x = StressTest.historical(DAY, true, symbols, Map.of("BTCUSDT", btc), netQty, betas);
        for (String s : symbols) {
            double side = Math.signum(netQty.get(s));
            // a long's extreme is at or below its close move, a short's at or above; no position: the close itself
            assertThat(side * (x.moves().get(s) - c.moves().get(s))).as(s).isLessThanOrEqualTo(1e-12);
            if (side == 0) {
                assertThat(x.moves().get(s)).isEqualTo(c.moves().get(s));
            }
        }
    }
}
