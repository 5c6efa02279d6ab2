package io.perpguard.cli;

import io.perpguard.data.download.ApiKey;
import io.perpguard.data.download.BinanceClient;
import io.perpguard.data.download.DownloadException;
import io.perpguard.data.download.DownloadRequest;
import io.perpguard.data.download.Downloader;
import io.perpguard.data.download.Progress;
import io.perpguard.data.download.Sleeper;
import io.perpguard.data.orders.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code perpguard data download}: klines, funding, open interest and leverage brackets from Binance USDⓈ-M. */
@Command(name = "download", header = "Downloads Binance USDⓈ-M history into CSV files, resuming where it stopped.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Downloads Binance USDⓈ-M history into CSV files the other commands read. Rerunning the same command",
                "resumes after the last row of each file. Leverage brackets need PERPGUARD_BINANCE_KEY and PERPGUARD_BINANCE_SECRET."})
public final class DownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--symbol", required = true, paramLabel = "SYMBOL", description = "contract, e.g. BTCUSDT")
    String symbol;
    @Option(names = "--interval", defaultValue = "1h", paramLabel = "1h", description = "kline interval (default ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--from", required = true, paramLabel = "DATE", description = "first candle, e.g. 2024-01-01 (UTC)")
    String from;
    @Option(names = "--to", required = true, paramLabel = "DATE", description = "end of the range, exclusive")
    String to;
    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "output directory (default: current)")
    Path out;
    @Option(names = "--base-url", defaultValue = BinanceClient.DEFAULT_BASE_URL, paramLabel = "URL", description = "REST API root (default ${DEFAULT-VALUE})")
    String baseUrl;
    @Option(names = "--what", defaultValue = "klines,funding,oi,brackets", split = ",", paramLabel = "LIST",
            description = "datasets: klines, funding, oi, brackets (default all)")
    List<String> what;
    @Option(names = "--oi-period", paramLabel = "P", description = "open-interest period (default: the interval, else 1h)")
    String oiPeriod;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    /** {@code data download --json}: what each file held before and what was added. */
    record Files(List<FileJson> files) {
    }

    record FileJson(String dataset, String file, long rowsBefore, long rowsAdded, String note) {
    }

    /** Refuses a --base-url that is not http(s) (it failed deep in the HTTP client as "invalid URI scheme ftp"). */
    static void requireHttpUrl(String url) {
        if (url != null && !url.matches("(?i)https?://[^\\s/]+.*")) {
            throw new io.perpguard.InvalidInputException("base-url", "'" + url + "' is not an http:// or https:// URL");
        }
    }

    @Override
    public Integer call() {
        String oi = oiPeriod != null ? oiPeriod : (Set.of("5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d").contains(interval) ? interval : "1h");
        DownloadRequest req = new DownloadRequest(symbol, interval, PlanFile.parseTime("from", from), PlanFile.parseTime("to", to), out,
                new LinkedHashSet<>(what), oi, 1500);
        Clock clock = Clock.systemUTC();
        requireHttpUrl(baseUrl);
        BinanceClient client = new BinanceClient(baseUrl, Sleeper.REAL, clock, System.err);
        Downloader d = new Downloader(client, new Progress(System.err, System.console() != null), clock);
        List<Downloader.FileReport> reports;
        try {
            reports = d.download(req, ApiKey.fromEnv(System.getenv()));
        } catch (DownloadException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: download interrupted: " + PerpguardCommand.oneLine(e.getMessage())
                    + "; what was fetched is kept — rerun the same command to resume");
            err.flush();
            return 1;
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Output.json(o, new Files(reports.stream().map(r -> new FileJson(r.dataset(), r.file().toString(), r.rowsBefore(),
                    r.rowsAdded(), r.note())).toList()));
            return 0;
        }
        for (Downloader.FileReport r : reports) {
            o.printf("  %-9s %s: %d rows before, %d added%s%n", r.dataset(), r.file(), r.rowsBefore(), r.rowsAdded(),
                    r.note().isEmpty() ? "" : " (" + r.note() + ")");
        }
        o.flush();
        return 0;
    }
}
