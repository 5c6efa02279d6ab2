package io.perpguard.data.io;

import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.journal.JournalCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Endless or binary inputs are refused at once with one line; errors echo a short excerpt, not the input. */
class InputFileTest {
    @TempDir
    Path dir;

    @Test
    void test_nanInJson_isSaidInTheTradersWords_notJacksonsAdvice() {
        // "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"
        assertThatThrownBy(() -> io.perpguard.data.json.JsonInput.parse("body", "{\"qty\":NaN}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("body: malformed JSON at line 1, column 11: Non-standard token 'NaN' (JSON has no NaN or Infinity: give a number)");
    }

    @Test
    void test_aFileThatOnlyStartsLikeGzip_isRefusedSayingWhy_notNull() throws Exception {
        // gzip's magic bytes and nothing after them: "cannot read F: null"
        Path f = dir.resolve("BTCUSDT-1h.csv.gz");
        Files.write(f, new byte[]{0x1f, (byte) 0x8b});
        assertThatThrownBy(() -> io.perpguard.data.market.CandleCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage("candles: cannot read " + f + ": it ends early (a truncated or partly written file?)");
        Files.writeString(f, "plain text, not gzip");
        assertThatThrownBy(() -> io.perpguard.data.market.CandleCsv.read(f)).hasMessage("candles: cannot read " + f + ": Not in GZIP format");
    }

    @Test
    void test_devZero_asJsonOrCsv_isRefusedFast() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> AccountFile.read(zero)).isInstanceOf(InvalidInputException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> JournalCsv.read(zero)).isInstanceOf(InvalidInputException.class);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    @Test
    void test_devUrandom_isRefused_asBinary() {
        Path r = Path.of("/dev/urandom");
        assumeTrue(Files.exists(r));
        assertThatThrownBy(() -> JournalCsv.read(r)).isInstanceOf(InvalidInputException.class).hasMessageMatching(".*(UTF-8|NUL|longer).*");
    }

    @Test
    void test_hugeLine_isRefused_andNotEchoed() throws Exception {
        Path f = dir.resolve("big.csv");
        Files.writeString(f, "time,symbol,side,qty,price,realizedPnl,fee\n" + "9".repeat(200_000) + ",BTCUSDT,buy,1,1,0,0\n");
        assertThatThrownBy(() -> JournalCsv.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("longer than").satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void test_longCell_isEchoedAsAShortExcerpt() throws Exception {
        Path f = dir.resolve("cell.csv");
        Files.writeString(f, "time,symbol,side,qty,price,realizedPnl,fee\n2025-01-01T00:00:00Z,BTCUSDT,buy," + "x".repeat(30_000) + ",1,0,0\n");
        assertThatThrownBy(() -> JournalCsv.read(f)).hasMessageContaining("30000 characters")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void test_journal_fillDated1900_andQty1e19_areRefused() throws Exception {
        Path f = dir.resolve("old.csv");
        Files.writeString(f, "time,symbol,side,qty,price,realizedPnl,fee\n1900-01-01T00:00:00Z,BTCUSDT,buy,1,60000,0,0\n");
        assertThatThrownBy(() -> JournalCsv.read(f)).hasMessageContaining("line 2").hasMessageContaining("outside the accepted window");
        Path g = dir.resolve("tiny.csv");
        Files.writeString(g, "time,symbol,side,qty,price,realizedPnl,fee\n2025-01-01T00:00:00Z,BTCUSDT,buy,1e-19,60000,0,0\n");
        assertThatThrownBy(() -> JournalCsv.read(g)).hasMessageContaining("cannot be stored exactly");
    }

    @Test
    void test_excerpt_isShort() {
        assertThat(Excerpt.of("a\u0000b")).isEqualTo("a?b");
        assertThat(Excerpt.of("y".repeat(1000))).hasSizeLessThan(90).endsWith("(1000 characters)");
    }
}
