package io.perpguard.app;

import io.perpguard.data.download.ApiKey;
import io.perpguard.data.download.Sleeper;
import io.perpguard.data.download.TierDownloader;
import io.perpguard.venue.Exchange;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** {@code tiers download}: a venue's current tier tables saved into the data directory, where every command finds them. */
public final class TiersDownloadUseCase {
    private TiersDownloadUseCase() {
    }

    /**
     * @param symbol  one symbol in the venue's spelling, null for every symbol the endpoint lists
     * @param baseUrl another host (tests), null for the venue's
     * @param key     the signing key where the venue needs one (Binance), null otherwise
     */
    public record Request(Exchange exchange, String symbol, Path dataDir, String baseUrl, ApiKey key) {
        public Request {
            Required.value("exchange", exchange);
            Required.value("dataDir", dataDir);
        }
    }

    /** Serialises as {@code tiers download --json}. */
    public record Result(String exchange, String file, int responses, List<String> symbols) {
    }

    /** @param log where retries and waits are told (stderr for the CLI) */
    public static Result run(Request r, PrintStream log) {
        TierDownloader d = new TierDownloader(r.exchange(), r.baseUrl(), r.key(), Sleeper.REAL, Clock.systemUTC(), log);
        TierDownloader.Saved s = d.download(r.symbol(), r.dataDir());
        return new Result(r.exchange().id(), s.file().toString(), s.responses(), s.symbols());
    }
}
