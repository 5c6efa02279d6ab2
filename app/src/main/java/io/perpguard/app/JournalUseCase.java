package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonValue;
import io.perpguard.InvalidInputException;
import io.perpguard.app.json.SizingJson;
import io.perpguard.data.journal.ImportResult;
import io.perpguard.data.journal.JournalStore;
import io.perpguard.data.journal.JournalTrade;
import io.perpguard.data.store.Database;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** {@code journal}: import trade histories into the journal database, list and delete round-trip trades. */
public final class JournalUseCase {
    private JournalUseCase() {
    }

    /** Serialises as {@code journal list --json}. */
    public record ListResult(String db, List<JournalTrade> trades) {
        @JsonValue
        public Map<String, Object> json() {
            return SizingJson.journal(db, trades);
        }
    }

    /** Serialises as {@code journal import --json}. */
    public record ImportReport(String db, ImportResult result) {
        @JsonValue
        public Map<String, Object> json() {
            return SizingJson.journalImport(db, result);
        }
    }

    /** @param jdbcUrl the journal database, null for the default H2 file */
    public static ListResult list(String jdbcUrl) {
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return new ListResult(Database.describe(js.database().url()), js.trades());
        }
    }

    public static ImportReport importFile(String jdbcUrl, Path file) {
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return new ImportReport(Database.describe(js.database().url()), js.importFile(file));
        }
    }

    /** Imports CSV text; {@code source} names it (a short file name, no control characters). */
    public static ImportReport importCsv(String jdbcUrl, String source, String csv) {
        String name = source == null || source.isBlank() ? "request body" : source.strip();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("source", "give a short file name (at most 200 characters, no control characters)");
        }
        if (csv.isBlank()) {
            throw new InvalidInputException("body", "is empty: post the CSV text (a header line and fills)");
        }
        try (JournalStore js = JournalStore.open(jdbcUrl)) {
            return new ImportReport(Database.describe(js.database().url()), js.importCsv(name, csv));
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
