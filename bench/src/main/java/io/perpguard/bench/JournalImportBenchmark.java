package io.perpguard.bench;

import io.perpguard.app.JournalUseCase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Binance USDⓈ-M trade-history export imported into a fresh journal on an H2 file opened as the desk opens it
 * ({@code WRITE_DELAY=0}), through the use case {@code POST /api/journal/import} calls: open, parse, duplicate lookup,
 * inserts, trade rebuild, commit (the schema's migration runs in the set-up, not in the measurement). 90,000 rows is
 * about the desk's 8 MiB limit.
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.JournalImportBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class JournalImportBenchmark {
    @Param({"10000", "90000"})
    int rows;

    String csv;
    Path dir;
    String url;

    @Setup(Level.Trial)
    public void export() {
        csv = binanceExport(rows, 7);
    }

    /** Fills opened and closed in pairs over five symbols, one every few seconds, as the export writes them. */
    static String binanceExport(int rows, long seed) {
        StringBuilder b = new StringBuilder("Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit\n");
        SplittableRandom r = new SplittableRandom(seed);
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT"};
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < rows; i++) {
            boolean open = i % 2 == 0;
            double p = 100 + r.nextInt(60_000) + r.nextInt(100) / 10.0, q = (1 + r.nextInt(999)) / 1000.0;
            t += 1000 + r.nextInt(60_000);
            b.append(f.format(Instant.ofEpochMilli(t))).append(',').append(symbols[(i / 2) % symbols.length]).append(',')
                    .append(open ? "BUY" : "SELL").append(',').append(String.format(Locale.ROOT, "%.1f,%.3f,%.4f,%.8fUSDT,%.8fUSDT",
                            p, q, p * q, p * q * 0.0004, open ? 0.0 : (r.nextDouble() - 0.5) * 50)).append('\n');
        }
        return b.toString();
    }

    @Setup(Level.Invocation)
    public void freshJournal() throws IOException {
        dir = Files.createTempDirectory("perpguard-journal-bench");
        url = "jdbc:h2:file:" + dir.resolve("journal") + ";WRITE_DELAY=0";
        JournalUseCase.list(url);   // creates and migrates the empty journal
    }

    @TearDown(Level.Invocation)
    public void dropJournal() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public JournalUseCase.ImportReport importExport() {
        return JournalUseCase.importCsv(url, "bench.csv", csv);
    }
}
