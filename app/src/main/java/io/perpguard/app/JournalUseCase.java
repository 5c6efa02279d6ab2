package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.journal.ImportResult;
import io.perpguard.data.journal.JournalStore;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.data.store.Database;
import io.perpguard.margin.Side;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/** {@code journal}: import trade histories into the journal database, list and delete round-trip trades. */
public final class JournalUseCase {
    private JournalUseCase() {
    }

    /** One round-trip trade as {@code journal list --json} shows it; {@code id} is what {@code DELETE} takes. */
    public record TradeView(String id, String symbol, Side side, String openTime, String closeTime, BigDecimal qty,
                            BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal realizedPnl, BigDecimal fees, BigDecimal netPnl,
                            int fills) {
        static TradeView of(JournalTrade t) {
            return new TradeView(t.tradeHash(), t.symbol(), t.side(), Instant.ofEpochMilli(t.openTimeMs()).toString(),
                    Instant.ofEpochMilli(t.closeTimeMs()).toString(), t.qty(), t.entryPrice(), t.exitPrice(), t.realizedPnl(), t.fees(),
                    t.netPnl(), t.fillCount());
        }
    }

    /** Serialises as {@code journal list --json}: {db, trades[]}; {@code journal} holds the engine's trades for tables. */
    public record ListResult(String db, List<TradeView> trades, @JsonIgnore List<JournalTrade> journal) {
        static ListResult of(String db, List<JournalTrade> trades) {
            return new ListResult(db, trades.stream().map(TradeView::of).toList(), trades);
        }
    }

    /** Serialises as {@code journal import --json}: what the import added ({@code tradesAdded}: trades not in the journal before; {@code tradesReplaced}: earlier trades new fills regrouped; {@code trades}: closed trades after it). */
    public record ImportReport(String db, String source, String format, int rowsRead, int fillsAdded, int fillsAlreadyStored,
                               int tradesAdded, int tradesReplaced, int trades, List<String> warnings, @JsonIgnore ImportResult result) {
        static ImportReport of(String db, ImportResult r) {
            return new ImportReport(db, r.source(), r.format(), r.rowsRead(), r.fillsAdded(), r.fillsAlreadyStored(), r.tradesAdded(),
                    r.tradesReplaced(), r.tradesAfter(), r.warnings(), r);
        }
    }

    /** @param jdbcUrl the journal database, null for the default H2 file */
    public static ListResult list(String jdbcUrl) {
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return ListResult.of(Database.describe(js.database().url()), js.trades());
        }
    }

    public static ImportReport importFile(String jdbcUrl, Path file) {
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return ImportReport.of(Database.describe(js.database().url()), js.importFile(file));
        }
    }

    /** Imports CSV text; {@code source} names it (a short file name, no control characters: {@link Checks#printable}). */
    public static ImportReport importCsv(String jdbcUrl, String source, String csv) {
        // judged as given: strip() took a leading newline (or tab, or any control character at either end) away unseen
        Checks.printable("source", source);
        String name = source == null || source.isBlank() ? "request body" : source.strip();
        if (name.length() > 200) {
            throw new InvalidInputException("source", "is " + name.length() + " characters long: give a short file name (at most 200 characters)");
        }
        if (csv.isBlank()) {
            throw new InvalidInputException("body", "is empty: post the CSV text (a header line and fills)");
        }
        // as the file readers say it: the body's bytes were not text (the header echoed '?ELF???…' back)
        if (csv.indexOf('\u0000') >= 0 || csv.indexOf('\uFFFD') >= 0) {
            throw new InvalidInputException("body", "is not UTF-8 text (is it a binary file?): post the CSV export itself");
        }
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return ImportReport.of(Database.describe(js.database().url()), js.importCsv(name, csv));
        }
    }

    /** Deletes a round-trip trade by its id (64 hex digits); {@link NoSuchElementException} when there is none. */
    public static void delete(String jdbcUrl, String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("id", "'" + (id.length() > 80 ? id.substring(0, 80) + "…" : id)
                    + "' is not a trade id (64 hex digits, the id field of GET /api/journal)");
        }
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            if (!js.deleteTrade(id)) {
                throw new NoSuchElementException("journal trade " + id);
            }
        }
    }

    /** The closed trades and where they came from. */
    public record Trades(List<JournalTrade> trades, String source) {
    }

    public static Trades trades(String jdbcUrl) {
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return new Trades(js.trades(), Database.describe(js.database().url()));
        }
    }
}
