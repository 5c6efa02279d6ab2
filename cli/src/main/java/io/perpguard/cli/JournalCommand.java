package io.perpguard.cli;

import io.perpguard.app.JournalUseCase;
import io.perpguard.data.journal.ImportResult;
import io.perpguard.data.journal.JournalTrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard journal}: the trade journal in the embedded database. */
@Command(name = "journal", header = "Keeps a trade journal: imports trade histories and lists round-trip trades.", mixinStandardHelpOptions = true,
        description = "Trade journal: import trade-history files into the journal database and list round-trip trades.",
        subcommands = {JournalCommand.Import.class, JournalCommand.ListTrades.class})
public final class JournalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** {@code journal import FILE [--db URL]}. */
    @Command(name = "import", header = "Imports a trade-history CSV into the journal database.", mixinStandardHelpOptions = true,
            description = {"Import a Binance USDⓈ-M futures trade-history export (Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,",
                    "Realized Profit) or a generic CSV (time,symbol,side,qty,price,realizedPnl,fee). Re-importing adds nothing;",
                    "a malformed row is reported with its line and nothing is written."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "trade-history CSV to import")
        Path file;
        @Option(names = "--db", paramLabel = "URL", description = "JDBC URL (default: H2 file in $PERPGUARD_HOME or ~/.local/share/perpguard)")
        String db;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() {
            JournalUseCase.ImportReport report = JournalUseCase.importFile(db, file);
            ImportResult r = report.result();
            String url = report.db();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, report);
                return 0;
            }
            out.printf("Imported %s (%s): %d rows, %d new fills, %d already stored; %d new round-trip trades%s, %d in the journal%n",
                    r.source(), r.format(), r.rowsRead(), r.fillsAdded(), r.fillsAlreadyStored(), r.tradesAdded(),
                    r.tradesReplaced() == 0 ? "" : " (replacing " + r.tradesReplaced() + " earlier trade(s) the new fills fall inside)",
                    r.tradesAfter());
            out.println("  database: " + url);
            for (String w : r.warnings()) {
                out.println("  note: " + w);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code journal list [--db URL]}. */
    @Command(name = "list", header = "Lists the journal's round-trip trades, oldest first.", mixinStandardHelpOptions = true,
            description = "Round-trip trades in the journal database (fills grouped flat to flat), with fees and net PnL.")
    static final class ListTrades implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--db", paramLabel = "URL", description = "JDBC URL (default: the H2 file in the data directory)")
        String db;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() {
            JournalUseCase.ListResult list = JournalUseCase.list(db);
            List<JournalTrade> trades = list.journal();
            String url = list.db();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, list);
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (JournalTrade t : trades) {
                rows.add(new String[]{TIME.format(Instant.ofEpochMilli(t.closeTimeMs())), t.symbol(), t.side().label(),
                        t.qty().toPlainString(), Output.num(t.entryPrice().doubleValue(), 2), Output.num(t.exitPrice().doubleValue(), 2),
                        Output.num(t.fees().doubleValue(), 2), Output.num(t.netPnl().doubleValue(), 2)});
                total = total.add(t.netPnl());
            }
            out.println(trades.size() + " round-trip trades in " + url);
            if (!trades.isEmpty()) {
                Output.table(out, new String[]{"closed (UTC)", "symbol", "side", "qty", "entry", "exit", "fees", "net PnL"}, rows);
                out.println("  total net PnL " + Output.num(total.doubleValue(), 2) + " USDT");
            }
            out.flush();
            return 0;
        }
    }
}
