package io.perpguard.app.explain;

import io.perpguard.app.StopsUseCase;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's stops are prices and figures; {@code stops}, the API and the desk read the sentences written here. */
class StopsTextTest {
    @Test
    void test_realBtc_long_readsAsDocsStopsShowsIt() {
        CandleSeries s = CandleCsv.read(Path.of("../samples/candles/BTCUSDT-1h-futures-2023.csv")).data();
        StopsUseCase.Result r = StopsUseCase.run(new StopsUseCase.Request(s, null, Side.LONG, 42314, null, null, null, null, null, null,
                TierTables.bundled().get("BTCUSDT"), List.of()));
        assertThat(r.suggestions()).extracting(x -> x.method() + ": " + x.reason()).containsExactly(
                "atr: 2 × ATR(14) = 481.3 below entry; noise of the last 14 bars should not reach it",
                "structure: 0.25 ATR below the nearest support zone 42,123.1–42,218.3 (4 swing pivots of 5 bars, last at 2023-12-29T01:00:00Z)",
                "volume-node: 0.25 ATR below the high-volume node 41,675.2–43,207.3 (peak 42,313.6, 1.8× the average bin; POC 42,739.2) "
                        + "where buyers and sellers agreed on price",
                "time: exit at market after 24 bars if +1R (42,795.4, one ATR-stop distance) has not been reached");
        // prices in the sentences and the JSON's point of control are at BTCUSDT's tick (0.1), not to the cent
        assertThat(r.pointOfControl()).isEqualTo(42_739.2);
    }

    @Test
    void test_atrPeriod_isNamedAsTheOptionAndTheBodyNameIt() {
        CandleSeries s = CandleCsv.read(Path.of("../samples/candles/BTCUSDT-1h-futures-2023.csv")).data();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StopsUseCase.Request(s, null, Side.LONG, 42314, 0, null, null, null, null,
                null, null, List.of())).hasMessage("atr: 0 is outside the allowed range 1 to 10,000");
    }
}
