package io.perpguard.data.download;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.market.OpenInterestFile;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownloaderTest {
    static final long FROM = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2024-01-31T00:00:00Z").toEpochMilli();   // 720 hourly candles
    static final int HOURS = 720;
    static final int PAGE = 200;                                                    // 4 pages: 200, 200, 200, 120
    static final String KEY = "test-api-key-0123";
    static final String SECRET = "test-secret-never-printed-4567";

    @TempDir
    Path dir;
    FakeBinance fake;
    final List<Duration> sleeps = new ArrayList<>();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() throws IOException {
        fake = new FakeBinance(KEY, SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    Downloader downloader() {
        PrintStream log = new PrintStream(err, true, StandardCharsets.UTF_8);
        BinanceClient c = new BinanceClient(fake.baseUrl(), d -> sleeps.add(d), clock, log);
        return new Downloader(c, new Progress(log, false), clock);
    }

    DownloadRequest request(Path out, Set<String> what) {
        return new DownloadRequest("BTCUSDT", "1h", FROM, TO, out, what, "1h", PAGE);
    }

    static List<Long> openTimes(Path f) throws IOException {
        List<Long> t = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            if (!l.startsWith("open_time")) {
                t.add(Long.parseLong(l.substring(0, l.indexOf(','))));
            }
        }
        return t;
    }

    //-------------------------------------------------------------------------
    @Test
    void test_klines_pagesThroughRange_inArchiveFormat_readableByCandleCsv() throws IOException {
        List<Downloader.FileReport> r = downloader().download(request(dir, Set.of("klines")), null);
        assertThat(r.get(0).rowsAdded()).isEqualTo(HOURS);
        assertThat(fake.klineStarts).hasSize(4);
        Loaded<CandleSeries> l = CandleCsv.read(request(dir, Set.of()).klinesFile());
        assertThat(l.warnings()).isEmpty();
        assertThat(l.data().size()).isEqualTo(HOURS);
        assertThat(l.data().openTimeMs()[0]).isEqualTo(FROM);
        assertThat(l.data().openTimeMs()[HOURS - 1]).isEqualTo(TO - 3_600_000L);
        // prices copied as Binance sent them
        assertThat(Files.readAllLines(request(dir, Set.of()).klinesFile()).get(1)).startsWith(FROM + "," + FakeBinance.candle(FROM)[0] + ",");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("klines").contains("100%");
    }

    @Test
    void test_failureBeforeTheFirstPage_leavesNoDirectoryAndNoHeaderOnlyFile() throws IOException {
        fake.failFrom = 1;                     // the exchange fails from the first request on
        Path out = dir.resolve("fresh").resolve("deeper");
        assertThatThrownBy(() -> downloader().download(request(out, Set.of("klines", "funding")), null))
                .isInstanceOf(DownloadException.class);
        assertThat(out.getParent()).doesNotExist();
    }

    @Test
    void test_unwritableOut_isRefusedBeforeAnythingIsFetched_andNothingChanges() throws IOException {
        // --out naming a file (or a path under one, or /proc) failed only after the first page had been fetched
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        for (Path out : List.of(file, file.resolve("sub"), Path.of("/proc/perpguard-no-such/dir"))) {
            assertThatThrownBy(() -> downloader().download(request(out, Set.of("klines", "funding")), null))
                    .as(out.toString())
                    .isInstanceOf(io.perpguard.InvalidInputException.class)
                    .satisfies(e -> assertThat(((io.perpguard.InvalidInputException) e).field()).isEqualTo("out"))
                    .hasMessageContaining("give a");
        }
        Files.createDirectories(dir.resolve("d").resolve("BTCUSDT-1h-klines.csv"));
        assertThatThrownBy(() -> downloader().download(request(dir.resolve("d"), Set.of("klines")), null))
                .hasMessageContaining("is a directory, not a file");
        assertThat(fake.klineRequests).isZero();
        assertThat(Files.readString(file)).isEqualTo("mine\n");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", "d");
        }
    }

    @Test
    void test_klines_serverErrorsAfterPage2_failsKeepingPages_rerunResumesWithoutDuplicates() throws IOException {
        fake.failFrom = 3;                     // every answer from the 3rd klines request on is HTTP 500
        assertThatThrownBy(() -> downloader().download(request(dir, Set.of("klines")), null))
                .isInstanceOf(DownloadException.class).hasMessageContaining("gave up after 5 attempts").hasMessageContaining("HTTP 500");
        Path f = request(dir, Set.of()).klinesFile();
        assertThat(openTimes(f)).hasSize(2 * PAGE);
        long lastWritten = openTimes(f).get(2 * PAGE - 1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

        fake.failFrom = 0;                     // the exchange recovers; the same command is run again
        fake.klineStarts.clear();
        List<Downloader.FileReport> r = downloader().download(request(dir, Set.of("klines")), null);
        assertThat(fake.klineStarts.get(0)).isEqualTo(lastWritten + 1);
        assertThat(r.get(0).rowsBefore()).isEqualTo(2 * PAGE);
        assertThat(r.get(0).rowsAdded()).isEqualTo(HOURS - 2 * PAGE);
        List<Long> t = openTimes(f);
        assertThat(t).hasSize(HOURS).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(t)).hasSize(HOURS);
        assertThat(CandleCsv.read(f).warnings()).isEmpty();
    }

    @Test
    void test_klines_connectionDroppedAfterPage2_rerunResumes_sameFileAsCleanRun() throws IOException {
        fake.failFrom = 3;
        fake.failMode = "drop";
        assertThatThrownBy(() -> downloader().download(request(dir.resolve("a"), Set.of("klines")), null))
                .isInstanceOf(DownloadException.class).hasMessageContaining("connection failed");
        fake.failFrom = 0;
        downloader().download(request(dir.resolve("a"), Set.of("klines")), null);
        downloader().download(request(dir.resolve("b"), Set.of("klines")), null);
        assertThat(Files.readAllLines(request(dir.resolve("a"), Set.of()).klinesFile()))
                .isEqualTo(Files.readAllLines(request(dir.resolve("b"), Set.of()).klinesFile()));
    }

    @Test
    void test_klines_tornLastLine_isCutBeforeResuming() throws IOException {
        Path f = request(dir, Set.of()).klinesFile();
        Files.writeString(f, Downloader.KLINES_HEADER + "\n" + FROM + ",40000.0,40012.4,39990.2,40001.0,100.000," + (FROM + 3_599_999)
                + ",4012345.67,1234,50.123,2005678.12,0\n" + (FROM + 3_600_000) + ",4001");
        downloader().download(request(dir, Set.of("klines")), null);
        assertThat(fake.klineStarts.get(0)).isEqualTo(FROM + 1);
        assertThat(openTimes(f)).hasSize(HOURS).doesNotHaveDuplicates();
    }

    @Test
    void test_client_rateLimited429_waitsRetryAfter_thenContinues() throws IOException {
        fake.rateLimited = 2;
        fake.retryAfterSeconds = 7;
        downloader().download(request(dir, Set.of("klines")), null);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(openTimes(request(dir, Set.of()).klinesFile())).hasSize(HOURS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 429 (rate limit)");
    }

    @Test
    void test_client_heavyUsedWeight_pausesUntilNextMinute() {
        fake.usedWeight = 2300;                // above 80 % of 2400
        downloader().download(request(dir, Set.of("klines")), null);
        // the clock is fixed at a whole minute: each pause after a heavy answer is 61 s
        assertThat(sleeps).isNotEmpty().allMatch(d -> d.equals(Duration.ofSeconds(61)));
    }

    @Test
    void test_fundingAndOpenInterest_writtenInFormatsTheReadersAccept() {
        downloader().download(request(dir, Set.of("funding", "oi")), null);
        Loaded<FundingHistory> f = FundingFile.read(request(dir, Set.of()).fundingFile());
        assertThat(f.data().size()).isEqualTo(90);          // 30 days × 3 funding times
        assertThat(f.data().rate()[0]).isEqualTo(0.0001);
        assertThat(f.data().markPrice()[0]).isEqualTo(42000.12345678);
        assertThat(f.warnings()).isEmpty();
        assertThat(OpenInterestFile.read(request(dir, Set.of()).oiFile()).data().size()).isEqualTo(HOURS);
    }

    @Test
    void test_brackets_signedWithHmac_keyAndSecretNeverWrittenOrLogged() throws IOException {
        List<Downloader.FileReport> r = downloader().download(request(dir, Set.of("brackets")), new ApiKey(KEY, SECRET));
        assertThat(r.get(0).rowsAdded()).isEqualTo(1);
        Path f = request(dir, Set.of()).bracketsFile();
        String json = Files.readString(f);
        assertThat(TierTables.load(f).get("BTCUSDT").tiers().brackets()).hasSize(2);
        assertThat(fake.signedQueries.get(0)).contains("timestamp=").contains("signature=").doesNotContain(SECRET);
        for (String s : List.of(json, err.toString(StandardCharsets.UTF_8), new ApiKey(KEY, SECRET).toString())) {
            assertThat(s).doesNotContain(SECRET).doesNotContain(KEY);
        }
    }

    @Test
    void test_brackets_withoutKey_skippedWithAReason() {
        List<Downloader.FileReport> r = downloader().download(request(dir, Set.of("brackets")), null);
        assertThat(r.get(0).note()).contains("PERPGUARD_BINANCE_KEY");
        assertThat(request(dir, Set.of()).bracketsFile()).doesNotExist();
    }

    @Test
    void test_brackets_wrongSecret_isA4xxErrorNotRetried() {
        assertThatThrownBy(() -> downloader().download(request(dir, Set.of("brackets")), new ApiKey(KEY, "wrong")))
                .isInstanceOf(DownloadException.class).hasMessageContaining("HTTP 401").hasMessageContaining("Signature")
                .hasMessageNotContaining("wrong");
        assertThat(sleeps).isEmpty();
    }
}
