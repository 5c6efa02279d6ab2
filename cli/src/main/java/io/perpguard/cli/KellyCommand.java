package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.app.explain.KellyText;
import io.perpguard.InvalidInputException;
import io.perpguard.data.journal.JournalCsv;
import io.perpguard.data.journal.JournalStore;
import io.perpguard.app.KellyUseCase;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.data.journal.RoundTrips;
import io.perpguard.data.store.Database;
import io.perpguard.sizing.Kelly;
import io.perpguard.sizing.KellyEstimate;
import io.perpguard.sizing.KellyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard kelly}: Kelly fraction, fractional Kelly and the recommended risk per trade. */
@Command(name = "kelly", header = "Computes the Kelly fraction and the recommended risk per trade.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Kelly criterion f* = W − (1 − W)/R, fractional Kelly and the recommended risk per trade",
                "= min(policy cap, fraction × f*); from a win rate and payoff ratio, or estimated from a trade journal",
                "(a CSV file or the journal database) with a bootstrap 90 %% interval. Fractions are plain numbers (0.25 = 25 %%)."})
public final class KellyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--win-rate", paramLabel = "W", description = "share of winning trades, fraction (0.55) or percent over 1 (55; said so in the output)")
    Double winRate;
    @Option(names = "--win-rate-pct", paramLabel = "P", description = "share of winning trades as a stated percent, over 1 (55 = 55 %%)")
    Double winRatePct;
    @Option(names = "--payoff", paramLabel = "R", description = "payoff ratio: average win / average loss")
    Double payoff;
    @Option(names = "--journal", paramLabel = "FILE", description = "Binance USDⓈ-M trade-history export or generic journal CSV")
    Path journal;
    @Option(names = "--db", paramLabel = "URL", arity = "0..1", fallbackValue = "",
            description = "use the trades in the journal database (JDBC URL; no value: the default H2 file)")
    String db;
    @Option(names = "--fraction", paramLabel = "F", defaultValue = "0.5", description = "share of Kelly to use (default ${DEFAULT-VALUE}: half Kelly)")
    double fraction;
    @Option(names = "--cap", paramLabel = "C", defaultValue = "0.02", description = "policy cap on risk per trade, fraction of equity (default ${DEFAULT-VALUE})")
    double cap;
    @Option(names = "--resamples", paramLabel = "N", defaultValue = "10000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    double resamples;   // checked as given against the use case's range
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        int sources = (winRate != null || winRatePct != null || payoff != null ? 1 : 0) + (journal != null ? 1 : 0) + (db != null ? 1 : 0);
        if (sources != 1) {
            throw new InvalidInputException("win-rate", "give exactly one source: --win-rate W (or --win-rate-pct P) --payoff R, --journal FILE or --db [URL]");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (winRate != null || winRatePct != null || payoff != null) {
            // the API's reading: one reader for --win-rate and --win-rate-pct (KellyUseCase.Request.of)
            KellyUseCase.Result k = KellyUseCase.run(KellyUseCase.Request.of(winRate, "win-rate", winRatePct, "win-rate-pct", f -> "--" + f,
                    payoff, "payoff", options()));
            if (json) {
                Output.json(out, k);
            } else {
                printKelly(out, k.kelly());
                for (String w : k.warnings()) {
                    out.println("  note: " + w);
                }
                out.flush();
            }
            return 0;
        }
        List<JournalTrade> trades;
        List<String> notes = new ArrayList<>();
        String source;
        if (journal != null) {
            RoundTrips.Grouping g = RoundTrips.group(JournalCsv.read(journal).fills());
            trades = g.trades();
            notes.addAll(g.warnings());
            source = journal.toString();
        } else {
            try (JournalStore store = JournalStore.open(db.isBlank() ? null : db)) {
                trades = store.trades();
                source = Database.describe(store.database().url());
            }
        }
        KellyUseCase.EstimateResult est = KellyUseCase.fromTrades(trades, source, notes, journal != null ? "journal" : "db", options());
        KellyEstimate e = est.estimate();
        List<String> warnings = est.warnings();
        if (json) {
            Output.json(out, est);
            return 0;
        }
        out.println("Journal " + source + ": " + e.sampleSize() + " closed trades, " + e.wins() + " wins, " + e.losses() + " losses");
        Output.rows(out, new String[][]{
                {"average win / loss", Output.num(e.averageWin(), 2) + " / " + Output.num(e.averageLoss(), 2) + " USDT (net of fees)"},
                {"expectancy", Output.num(e.expectancyR(), 3) + " R per trade (1 R = the average loss)"},
                {"f* 90 % interval", Output.num(e.interval90()[0], 4) + " to " + Output.num(e.interval90()[1], 4)
                        + "  (bootstrap, " + e.resamples() + " resamples, seed " + e.seed() + ")"},
        });
        printKelly(out, e.kelly());
        for (String w : warnings) {
            out.println("  warning: " + w);
        }
        out.flush();
        return 0;
    }

    private KellyUseCase.Options options() {
        return KellyUseCase.Options.of(fraction, cap, KellyUseCase.RESAMPLES.check(resamples), seed);
    }

    private static void printKelly(PrintWriter out, KellyResult k) {
        Output.rows(out, new String[][]{
                {"win rate W / payoff R", Output.num(k.winRate(), 4) + " / " + Output.num(k.payoff(), 4)},
                {"Kelly f*", Output.num(k.kellyFraction(), 4) + (k.kellyFraction() > 0 ? "  (" + Output.pct(k.kellyFraction(), 2)
                        + " of equity risked per trade)" : "  (no edge: Kelly risks nothing, not a negative share of equity)")},
                {"½ Kelly / ¼ Kelly", Output.num(k.halfKelly(), 4) + " / " + Output.num(k.quarterKelly(), 4)},
                {Checks.fmt(k.fraction()) + " Kelly", Output.num(k.fractionalKelly(), 4)},
                {"policy cap", Output.num(k.cap(), 4)},
                {"recommended risk", Output.num(k.recommendedRiskFraction(), 4) + "  (" + Output.pct(k.recommendedRiskFraction(), 2) + ")"},
        });
        out.println("  " + KellyText.verdict(k));
        out.flush();
    }
}
