package io.perpguard.data.download;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code perpguard data download} fetches.
 *
 * @param symbol    e.g. {@code BTCUSDT}
 * @param interval  kline interval, e.g. {@code 1h}
 * @param fromMs    first open time wanted (inclusive), epoch ms UTC
 * @param toMs      end of the range (exclusive), epoch ms UTC
 * @param outDir    directory for the files
 * @param datasets  any of {@code klines}, {@code funding}, {@code oi}, {@code brackets}
 * @param oiPeriod  open-interest sample period
 * @param pageLimit rows per klines request (Binance maximum 1500)
 */
public record DownloadRequest(String symbol, String interval, long fromMs, long toMs, Path outDir, Set<String> datasets,
                              String oiPeriod, int pageLimit) {
    public static final Set<String> ALL = Set.of("klines", "funding", "oi", "brackets");
    /** What --symbol takes, said when one is refused. */
    static final String SYMBOL_FORM = "a Binance USDⓈ-M symbol such as BTCUSDT (2 to 30 letters and digits)";

    public DownloadRequest {
        symbol = Checks.given("symbol", symbol, SYMBOL_FORM).trim().toUpperCase(Locale.ROOT);
        if (!symbol.matches("[A-Z0-9]{2,30}")) {
            throw new InvalidInputException("symbol", "'" + symbol + "' is not " + SYMBOL_FORM);
        }
        KlineInterval.millis(interval);
        if (toMs <= fromMs) {
            throw new InvalidInputException("to", Instant.ofEpochMilli(toMs) + " must be after --from " + Instant.ofEpochMilli(fromMs));
        }
        Checks.notNull("out", outDir);
        for (String d : datasets) {
            if (!ALL.contains(d)) {
                throw new InvalidInputException("what", "'" + d + "' is not one of klines, funding, oi, brackets");
            }
        }
        datasets = Set.copyOf(datasets);
        if (!KlineInterval.OI_PERIODS.contains(oiPeriod)) {
            throw new InvalidInputException("oi-period", "'" + oiPeriod + "' is not one of " + KlineInterval.OI_PERIODS);
        }
        if (pageLimit < 1 || pageLimit > 1500) {
            throw new InvalidInputException("pageLimit", pageLimit + " is outside 1 to 1,500");
        }
    }

    public Path klinesFile() {
        return outDir.resolve(symbol + "-" + interval + "-klines.csv");
    }

    public Path fundingFile() {
        return outDir.resolve(symbol + "-funding.csv");
    }

    public Path oiFile() {
        return outDir.resolve(symbol + "-oi-" + oiPeriod + ".csv");
    }

    public Path bracketsFile() {
        return outDir.resolve(symbol + "-leverageBracket.json");
    }
}
