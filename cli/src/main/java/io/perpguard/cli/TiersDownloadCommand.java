package io.perpguard.cli;

import io.perpguard.app.TiersDownloadUseCase;
import io.perpguard.data.download.ApiKey;
import io.perpguard.data.store.Database;
import io.perpguard.venue.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code perpguard tiers download}: a venue's current tier tables into the data directory. */
@Command(name = "download", header = "Saves a venue's current tier tables where every command finds them.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetches a venue's current tier tables (Bybit risk-limit, OKX position-tiers, XT leverage brackets: public;",
                "Binance leverageBracket: signed, key from PERPGUARD_BINANCE_KEY / PERPGUARD_BINANCE_SECRET) into the data directory,",
                "where every command finds them."})
public final class TiersDownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--exchange", required = true, paramLabel = "X", description = "binance, binance-coinm, bybit, bybit-uta, okx or xt")
    String exchange;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "one symbol in the venue's spelling (default: every symbol the endpoint lists)")
    String symbol;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "where to save (default: $PERPGUARD_HOME or ~/.local/share/perpguard)")
    Path dataDir;
    @Option(names = "--base-url", paramLabel = "URL", hidden = true, description = "another host (tests)")
    String baseUrl;
    @Option(names = "--json", description = "print one JSON object instead of a line")
    boolean json;

    @Override
    public Integer call() {
        Exchange ex = Exchange.parse("exchange", exchange);
        DownloadCommand.requireHttpUrl(baseUrl);
        TiersDownloadUseCase.Result s;
        try {
            s = TiersDownloadUseCase.run(new TiersDownloadUseCase.Request(ex, symbol,
                    dataDir != null ? dataDir : Database.dataDirectory(), baseUrl, ApiKey.fromEnv(System.getenv())), System.err);
        } catch (io.perpguard.data.download.DownloadException e) {
            // the venue or the network, not perpguard: no "internal error, please report"
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: tiers download failed: " + PerpguardCommand.oneLine(e.getMessage()) + "; no table was saved");
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, s);
        } else {
            out.println(ex.displayName() + ": " + s.symbols().size() + " symbol" + (s.symbols().size() == 1 ? "" : "s") + " ("
                    + String.join(", ", s.symbols().stream().limit(8).toList()) + (s.symbols().size() > 8 ? ", ..." : "") + ") saved to " + s.file());
        }
        out.flush();
        return 0;
    }
}
