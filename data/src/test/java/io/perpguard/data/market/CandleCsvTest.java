package io.perpguard.data.market;

import io.perpguard.InvalidInputException;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandleCsvTest {
    static final Path SHARED = Path.of(System.getProperty("perpguard.samples", "../samples"));

    @TempDir
    Path dir;

    @Test
    void test_read_binanceArchiveWithoutHeader_microsecondsDetected() throws IOException {
        Path f = dir.resolve("BTCUSDT-1h-2025-01.csv");
        // two rows of the archive's 12-column kline format; the second uses µs open times as newer files do
        Files.writeString(f, """
                1735689600000,93576.00,94509.42,93489.03,94401.14,755.99,1735693199999,71039000.1,60000,400.1,37600000.2,0
                1735693200000000,94401.13,94499.00,93980.00,94133.06,540.32,1735696799999999,50900000.3,51000,260.2,24500000.4,0
                """);
        Loaded<CandleSeries> l = CandleCsv.read(f);
        CandleSeries s = l.data();
        assertThat(s.symbol()).isEqualTo("BTCUSDT");
        assertThat(s.openTimeMs()).containsExactly(1735689600000L, 1735693200000L);
        assertThat(s.close()).containsExactly(94401.14, 94133.06);
        assertThat(l.warnings()).isEmpty();
    }

    @Test
    void test_read_aRowWiderThanTheHeader_isRefusedByItsLine_notShifted() throws IOException {
        // "94,401.14" unquoted: close read as 94 and volume as 401.14, silently
        Path f = dir.resolve("BTCUSDT-1h.csv");
        Files.writeString(f, """
                open_time,open,high,low,close,volume
                1735689600000,93576.00,94509.42,93489.03,94401.14,755.99
                1735693200000,94401.13,94499.00,93980.00,94,133.06,540.32
                """);
        assertThatThrownBy(() -> CandleCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage("candles: " + f + " line 3: 7 values where the header has 6 (a number written with a thousands separator, such as "
                        + "60,000, must be written 60000)");
        // without a header the first row sets the width; a trailing empty field adds nothing
        Path g = dir.resolve("BTCUSDT-1h-2025-01.csv");
        Files.writeString(g, """
                1735689600000,93576.00,94509.42,93489.03,94401.14,755.99,1735693199999,71039000.1,60000,400.1,37600000.2,0
                1735693200000,94401.13,94499.00,93980.00,94133.06,540.32,1735696799999,50900000.3,51000,260.2,24500000.4,0,
                """);
        assertThat(CandleCsv.read(g).data().close()).containsExactly(94401.14, 94133.06);
        Files.writeString(g, """
                1735689600000,93576.00,94509.42,93489.03,94401.14,755.99,1735693199999,71039000.1,60000,400.1,37600000.2,0
                1735693200000,94401.13,94499.00,93980.00,94,133.06,540.32,1735696799999,50900000.3,51000,260.2,24500000.4,0
                """);
        assertThatThrownBy(() -> CandleCsv.read(g)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: 13 values where the first row has 12");
    }

    @Test
    void test_read_aHeaderWithOneColumnNameTwice_isRefused_notGuessed() throws IOException {
        // the second 'close' was ignored: a file holding two different closes priced everything with the first
        Path f = dir.resolve("BTCUSDT-1h.csv");
        Files.writeString(f, """
                open_time,open,high,low,close,volume,close
                1735689600000,93576.00,94509.42,93489.03,94401.14,755.99,1.0
                1735693200000,94401.13,94499.00,93980.00,94133.06,540.32,2.0
                """);
        assertThatThrownBy(() -> CandleCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage("candles: " + f + ": the header has two 'close' columns (5 and 7); keep one");
    }

    @Test
    void test_read_reportsGapsAndDuplicates_neverFills() throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, """
                open_time,open,high,low,close,volume
                1672531200000,10,11,9,10,1
                1672534800000,10,11,9,10,1
                1672534800000,10,11,9,10,1
                1672545600000,10,11,9,10,1
                """);
        Loaded<CandleSeries> l = CandleCsv.read(f);
        assertThat(l.data().size()).isEqualTo(3);
        assertThat(l.warnings()).anyMatch(w -> w.startsWith("duplicate candle at 2023-01-01T01:00:00Z (line 4)"));
        assertThat(l.warnings()).anyMatch(w -> w.contains("2 missing candles"));
    }

    @Test
    void test_read_malformedRow_namesTheLine() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "open_time,open,high,low,close,volume\n1672531200000,10,11,9,10,1\n1672534800000,10,abc,9,10,1\n");
        assertThatThrownBy(() -> CandleCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 3").hasMessageContaining("high 'abc' is not a number");
        Files.writeString(f, "1672531200000,10,9,9.5,10,1\n");
        assertThatThrownBy(() -> CandleCsv.read(f)).hasMessageContaining("line 1").hasMessageContaining("do not contain");
    }

    @Test
    void test_read_realSpotFile_hasTheNineMaintenanceGaps() {
        Path f = SHARED.resolve("candles/BTCUSDT-1h-spot-2020-08_2022-10.csv.gz");
        assertThat(f).as("shipped sample data").exists();
        Loaded<CandleSeries> l = CandleCsv.read(f);
        assertThat(l.data().size()).isEqualTo(18_970);
        assertThat(l.data().intervalMs()).isEqualTo(3_600_000L);
        // PROVENANCE.md: 9 gaps, 19 missing hours, first after 2020-11-30 05:00
        assertThat(l.warnings()).contains("9 gaps, 19 missing candles in all (not filled)");
        assertThat(l.warnings().get(0)).startsWith("gap after 2020-11-30T05:00:00Z: 1 missing candle");
    }

    @Test
    void test_read_realFunding_eightHourIntervalsWithJitter() {
        Path f = SHARED.resolve("funding/BTCUSDT-funding.csv");
        assertThat(f).as("shipped sample data").exists();
        FundingHistory h = FundingFile.read(f).data();
        assertThat(h.size()).isEqualTo(3316);
        assertThat(h.intervalHours()).isEqualTo(8);
        assertThat(h.rate()[0]).isEqualTo(0.0000044);
        assertThat(Double.isNaN(h.markPrice()[0])).isTrue();
    }

    @Test
    void test_read_fundingJson_ofTheRestEndpoint() throws IOException {
        Path f = dir.resolve("funding.json");
        Files.writeString(f, """
                [{"symbol":"BTCUSDT","fundingTime":1698105600000,"fundingRate":"0.00010000","markPrice":"34500.10"},
                 {"symbol":"BTCUSDT","fundingTime":1698134400001,"fundingRate":"-0.00002000","markPrice":""}]
                """);
        FundingHistory h = FundingFile.read(f).data();
        assertThat(h.symbol()).isEqualTo("BTCUSDT");
        assertThat(h.rate()).containsExactly(0.0001, -0.00002);
        assertThat(h.markPrice()[0]).isEqualTo(34500.10);
        assertThat(Double.isNaN(h.markPrice()[1])).isTrue();
    }

    @Test
    void test_read_fundingWhoseIntervalWasShortened_hasNoGaps_butAHoleIsStillOne() throws IOException {
        // the real BTCUSDT rates, 40 settled 8 h apart then 80 hourly (the venue shortening the interval): the median spacing
        // (1 h) reported 39 gaps of 7 missing intervals in the 8-hourly part; one record dropped from each part is a hole
        java.util.List<String> real = Files.readAllLines(SHARED.resolve("funding/BTCUSDT-funding.csv")).subList(1, 121);
        StringBuilder all = new StringBuilder("funding_time,funding_rate,mark_price\n"), holes = new StringBuilder(all);
        long t = Long.parseLong(real.get(0).split(",")[0]);
        for (int i = 0; i < real.size(); i++) {
            String row = t + "," + real.get(i).split(",")[1] + ",\n";
            all.append(row);
            if (i != 20 && i != 93) {
                holes.append(row);
            }
            t += (i < 39 ? 8 : 1) * 3_600_000L;
        }
        Path f = dir.resolve("BTCUSDT-funding-shortened.csv");
        Files.writeString(f, all);
        assertThat(FundingFile.read(f).warnings()).isEmpty();
        Files.writeString(f, holes);
        assertThat(FundingFile.read(f).warnings()).hasSize(3).last().isEqualTo("2 gaps, 2 missing funding intervals in all (not filled)");
    }
}
