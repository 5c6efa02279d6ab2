package io.perpguard.data.journal;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class JournalCsvTest {
    @TempDir
    Path dir;

    @Test
    void test_read_binanceExport_fillsInFileOrder() {
        JournalCsv.Parsed p = JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv"));
        assertThat(p.format()).isEqualTo(JournalCsv.Format.BINANCE);
        assertThat(p.fills()).hasSize(13);
        Fill first = p.fills().get(0);
        assertThat(first.timeMs()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli());
        assertThat(first.symbol()).isEqualTo("BTCUSDT");
        assertThat(first.buy()).isTrue();
        assertThat(first.qty()).isEqualByComparingTo("0.06");
        assertThat(first.price()).isEqualByComparingTo("60000");
        assertThat(first.fee()).isEqualByComparingTo("1.8");
        assertThat(first.feeAsset()).as("USDT is the quote currency").isNull();
        assertThat(first.line()).isEqualTo(2);
        assertThat(p.fills().get(2).realizedPnl()).isEqualByComparingTo("99.6");
    }

    @Test
    void test_read_aDayThatDoesNotExist_isRefused_notMovedToTheMonthsLast() throws IOException {
        // the exports' layouts resolved 2024-02-30 to the 29th (SMART): a fill stored on a day it was not made
        String[][] layouts = {{"2024-02-29 10:00:00", "2024-02-30 10:00:00"}, {"2024/02/29 10:00", "2024/02/30 10:00"},
                {"24-02-29 10:00:00", "24-02-30 10:00:00"}, {"2024-02-29 10:00:00.5", "2023-02-29 10:00:00.5"}};
        for (String[] l : layouts) {
            Path ok = dir.resolve("ok.csv");
            Files.writeString(ok, "time,symbol,side,qty,price,realizedPnl,fee\n" + l[0] + ",BTCUSDT,buy,1,60000,0,3\n");
            assertThat(java.time.Instant.ofEpochMilli(JournalCsv.read(ok).fills().get(0).timeMs()).toString()).as(l[0]).startsWith("2024-02-29T10:00");
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "time,symbol,side,qty,price,realizedPnl,fee\n" + l[1] + ",BTCUSDT,buy,1,60000,0,3\n");
            assertThatThrownBy(() -> JournalCsv.read(bad)).as(l[1]).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("line 2: column 'time': '" + l[1] + "' is not a date-time");
        }
    }

    @Test
    void test_read_aRowWithMoreValuesThanTheHeader_isRefused_notShifted() throws IOException {
        // "60,000" unquoted: price 60, realizedPnl 000, fee 0 were read and the fee's 3 dropped, silently
        Path f = dir.resolve("comma.csv");
        Files.writeString(f, "time,symbol,side,qty,price,realizedPnl,fee\n2024-03-05T10:00:00Z,BTCUSDT,buy,1,60,000,0,3\n");
        assertThatThrownBy(() -> JournalCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: expected 7 columns as in the header, found 8");
        Path trailing = dir.resolve("trailing.csv");
        Files.writeString(trailing, "time,symbol,side,qty,price,realizedPnl,fee\n2024-03-05T10:00:00Z,BTCUSDT,buy,1,60000,0,3,\n");
        assertThat(JournalCsv.read(trailing).fills().get(0).price()).as("a trailing empty field adds nothing").isEqualByComparingTo("60000");
    }

    @Test
    void test_read_identicalFillsInOneFile_stayTwoFillsWithDistinctHashes() {
        List<Fill> f = JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills();
        Fill a = f.get(9), b = f.get(10);
        assertThat(a.canonical()).isEqualTo(b.canonical());
        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Test
    void test_read_sameFileTwice_sameHashes() {
        List<String> a = JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills().stream().map(Fill::hash).toList();
        List<String> b = JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills().stream().map(Fill::hash).toList();
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
    }

    @Test
    void test_read_genericCsv_timeFormatsAndSymbolsNormalised() {
        JournalCsv.Parsed p = JournalCsv.read(JournalFixtures.file("generic-journal.csv"));
        assertThat(p.format()).isEqualTo(JournalCsv.Format.GENERIC);
        assertThat(p.fills()).extracting(Fill::timeMs).containsExactly(
                Instant.parse("2024-03-01T10:00:00Z").toEpochMilli(),
                Instant.parse("2024-03-01T14:00:00Z").toEpochMilli(),
                Instant.parse("2024-03-02T08:00:00Z").toEpochMilli(),
                Instant.parse("2024-03-02T20:00:00Z").toEpochMilli());
        assertThat(p.fills()).extracting(Fill::symbol).containsExactly("BTCUSDT", "BTCUSDT", "ETHUSDT", "ETHUSDT");
    }

    @Test
    void test_read_numbersWithAssetSuffixAndThousands_andTwoDigitYears() throws IOException {
        Path f = write("Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit",
                "24-03-01 10:00:00,BTCUSDT,BUY,\"60,000.5\",0.1,6000.05,0.0012BNB,0");
        Fill fill = JournalCsv.read(f).fills().get(0);
        assertThat(fill.timeMs()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli());
        assertThat(fill.price()).isEqualByComparingTo(new BigDecimal("60000.5"));
        assertThat(fill.fee()).isEqualByComparingTo("0.0012");
        assertThat(fill.feeAsset()).isEqualTo("BNB");
    }

    @Test
    void test_read_malformedNumber_namesLineAndColumn() {
        assertThatThrownBy(() -> JournalCsv.read(JournalFixtures.file("binance-futures-trades-corrupt.csv")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 5").hasMessageContaining("'Price'").hasMessageContaining("'abc'");
    }

    @Test
    void test_read_badSideTimeAndShortRows_areRefusedWithTheLine() throws IOException {
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee",
                "2024-03-01 10:00:00,BTCUSDT,long,0.1,60000,0,3"))).hasMessageContaining("line 2").hasMessageContaining("buy or sell");
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee",
                "", "yesterday,BTCUSDT,buy,0.1,60000,0,3"))).hasMessageContaining("line 3").hasMessageContaining("date-time");
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee",
                "2024-03-01 10:00:00,BTCUSDT,buy,0.1"))).hasMessageContaining("line 2").hasMessageContaining("7 columns");
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee",
                "2024-03-01 10:00:00,BTCUSDT,buy,-0.1,60000,0,3"))).hasMessageContaining("greater than 0");
    }

    @Test
    void test_read_unknownHeader_saysWhichFormatsAreRead() throws IOException {
        assertThatThrownBy(() -> JournalCsv.read(write("a,b,c", "1,2,3")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1").hasMessageContaining("Realized Profit").hasMessageContaining("realizedPnl");
    }

    @Test
    void test_read_misspelledColumn_isRefused_namingTheNearestKnownOne() throws IOException {
        // realisedPnl beside pnl: the misspelled column was dropped and pnl read instead
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,pnl,realisedPnl,fee",
                "2024-03-01 10:00:00,BTCUSDT,buy,0.1,60000,0,0,3")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1: unknown column 'realisedPnl' (did you mean 'realizedPnl'?)")
                .hasMessageNotContaining("\n");
        // fees for fee: named as the misspelling, not as a missing fee
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fees",
                "2024-03-01 10:00:00,BTCUSDT,buy,0.1,60000,0,3")))
                .hasMessageContaining("unknown column 'fees' (did you mean 'fee'?)");
        assertThatThrownBy(() -> JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee,feeAset",
                "2024-03-01 10:00:00,BTCUSDT,buy,0.1,60000,0,3,BNB")))
                .hasMessageContaining("unknown column 'feeAset' (did you mean 'feeAsset'?)");
        assertThatThrownBy(() -> JournalCsv.read(write("Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Fee Coins,Realized Profit",
                "2024-03-01 10:00:00,BTCUSDT,BUY,60000,0.1,6000,3,USDT,0")))
                .hasMessageContaining("unknown column 'Fee Coins' (did you mean 'Fee Coin'?)");
        assertThat(JournalCsv.read(write("time,symbol,side,qty,price,realizedPnl,fee,",
                "2024-03-01 10:00:00,BTCUSDT,buy,0.1,60000,0,3,")).fills()).as("a trailing comma is no column").hasSize(1);
    }

    @Test
    void test_read_headerOnly_emptyAndBlankFiles_areRefused_notReadAsNoTrades() throws IOException {
        // a header alone was 0 fills, silently: kelly --journal and the imports went on with nothing
        Path header = write("Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Fee Coin,Realized Profit", "", "  ");
        assertThatThrownBy(() -> JournalCsv.read(header)).isInstanceOf(InvalidInputException.class)
                .hasMessage("journal: " + header + " has a header and no fills: no trades in it (an export of a period without trades, "
                        + "or the wrong file?)");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> JournalCsv.read(empty)).hasMessage("journal: " + empty + " is empty: expected a header line and fills");
        Path blank = write("", "   ", "");
        assertThatThrownBy(() -> JournalCsv.read(blank)).hasMessage("journal: " + blank + " is empty: expected a header line and fills");
    }

    @Test
    void test_read_missingFile_isOneLine() {
        assertThatThrownBy(() -> JournalCsv.read(dir.resolve("nope.csv"))).hasMessageContaining("does not exist");
    }

    private Path write(String... lines) throws IOException {
        Path f = Files.createTempFile(dir, "j", ".csv");
        Files.write(f, List.of(lines));
        return f;
    }
}
