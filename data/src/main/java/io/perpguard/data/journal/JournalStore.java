package io.perpguard.data.journal;

import io.perpguard.InvalidInputException;
import io.perpguard.data.store.Database;
import io.perpguard.data.store.StoreFailure;
import io.perpguard.margin.Side;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trade journal in the embedded database ({@link Database}; schema {@code V1__journal.sql}). An import runs in
 * one transaction: every line is read and checked first (a malformed one writes nothing), fills already stored (same
 * {@link Fill#hash()}) are skipped, the new ones are written in JDBC batches, and the round-trip trades of every symbol that got new fills are
 * rebuilt from all of that symbol's stored fills — so a position opened in one export and closed in the next
 * becomes one trade.
 */
public final class JournalStore implements AutoCloseable {
    private final Database db;

    private JournalStore(Database db) {
        this.db = db;
    }

    /** Opens the journal at {@code jdbcUrl} (null: {@link Database#defaultUrl()}) and brings its schema up to date. */
    public static JournalStore open(String jdbcUrl) {
        return open(Database.open(jdbcUrl));
    }

    /** Opens the journal in an already opened database and migrates it. */
    public static JournalStore open(Database db) {
        JournalStore s = new JournalStore(db);
        s.migrate();
        return s;
    }

    /** Applies pending Flyway migrations ({@value Database#MIGRATIONS}); idempotent. */
    public void migrate() {
        db.migrate();
    }

    public Database database() {
        return db;
    }

    //-------------------------------------------------------------------------
    /**
     * Imports a Binance USDⓈ-M trade-history export or a generic journal CSV ({@link JournalCsv}).
     *
     * @throws InvalidInputException naming the line of the first malformed row; nothing is written then
     */
    public ImportResult importFile(Path file) {
        return importFrom(file.toString(), sink -> JournalCsv.read(file, sink));
    }

    /**
     * Imports CSV text in either format (the desk's {@code POST /api/journal/import}); same rules as {@link #importFile}.
     *
     * @param source how errors and the import record name the text (e.g. "request body")
     */
    public ImportResult importCsv(String source, String csv) {
        return importFrom(source, sink -> {
            try {
                return JournalCsv.read(new java.io.BufferedReader(new java.io.StringReader(csv)), source, sink);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private ImportResult importFrom(String source, java.util.function.Function<java.util.function.Consumer<Fill>, JournalCsv.Format> reader) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                ImportResult r = importInto(c, source, reader);
                if (r.fillsAdded() == 0) {
                    c.rollback(); // nothing new: leave no trace of the attempt
                } else {
                    c.commit();
                    Database.sync(c);
                }
                return r;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreFailure("journal import on " + Database.describe(db.url()), e);
        }
    }

    /** Fills inserted per batch: one round trip per chunk, not per fill (a 90,000-row export took 90,000 of them). */
    static final int CHUNK = 500;

    private ImportResult importInto(Connection c, String file, java.util.function.Function<java.util.function.Consumer<Fill>, JournalCsv.Format> reader)
            throws SQLException {
        // every row read (and checked) before the database is touched: a malformed last row leaves nothing to undo
        List<Fill> read = new ArrayList<>();
        JournalCsv.Format format = reader.apply(read::add);
        // counted by identity, not by number: a new fill inside a closed round trip regroups it (two trips and the fill
        // became one, and "after − before" reported tradesAdded: -1)
        Set<String> tradesBefore = tradeHashes(c);
        long importId;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO journal_import (source, format, imported_at, rows_read, fills_added) VALUES (?, ?, ?, 0, 0)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, truncate(file, 1000));
            ps.setString(2, "pending");
            ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                k.next();
                importId = k.getLong(1);
            }
        }
        // a fill already stored (same hash) is skipped, as one lookup per fill did
        Set<String> stored = storedHashes(c, read);
        List<Fill> added = new ArrayList<>();
        Set<String> symbols = new LinkedHashSet<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO journal_fill (fill_hash, import_id, line_no, time_ms, "
                + "symbol, side, qty, price, realized_pnl, fee, fee_asset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int from = 0;
            for (Fill f : read) {
                if (stored.contains(f.hash())) {
                    continue;
                }
                insert.setString(1, f.hash());
                insert.setLong(2, importId);
                insert.setInt(3, f.line());
                insert.setLong(4, f.timeMs());
                insert.setString(5, f.symbol());
                insert.setString(6, f.sideLabel());
                insert.setBigDecimal(7, f.qty());
                insert.setBigDecimal(8, f.price());
                insert.setBigDecimal(9, f.realizedPnl());
                insert.setBigDecimal(10, f.fee());
                insert.setString(11, f.feeAsset());
                insert.addBatch();
                added.add(f);
                symbols.add(f.symbol());
                if (added.size() - from == CHUNK) {
                    executeBatch(insert, file, added, from);
                    from = added.size();
                }
            }
            if (added.size() > from) {
                executeBatch(insert, file, added, from);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE journal_import SET format = ?, rows_read = ?, fills_added = ? WHERE id = ?")) {
            ps.setString(1, format.label());
            ps.setInt(2, read.size());
            ps.setInt(3, added.size());
            ps.setLong(4, importId);
            ps.executeUpdate();
        }
        List<String> warnings = new ArrayList<>();
        for (String symbol : symbols) {
            RoundTrips.Grouping g = rebuildTrades(c, symbol);
            for (String w : g.warnings()) {
                warnings.add(w.endsWith(": " + symbol) ? w : symbol + ": " + w);   // named once ("ETHUSDT: …: ETHUSDT" read twice)
            }
        }
        Set<String> tradesAfter = tradeHashes(c);
        int tradesAdded = (int) tradesAfter.stream().filter(h -> !tradesBefore.contains(h)).count();
        int replaced = (int) tradesBefore.stream().filter(h -> !tradesAfter.contains(h)).count();
        return new ImportResult(file, format.label(), read.size(), added.size(), read.size() - added.size(), tradesAdded, replaced,
                tradesAfter.size(), warnings);
    }

    /**
     * The hashes of {@code fills} the journal holds already: one range read per symbol over the file's times (a fill's
     * hash covers its symbol and time, so a stored fill of the same hash lies in that range), where a lookup per fill
     * took one statement each.
     */
    private static Set<String> storedHashes(Connection c, List<Fill> fills) throws SQLException {
        java.util.Map<String, long[]> span = new java.util.HashMap<>();
        for (Fill f : fills) {
            span.merge(f.symbol(), new long[]{f.timeMs(), f.timeMs()}, (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fill_hash FROM journal_fill WHERE symbol = ? AND time_ms BETWEEN ? AND ?")) {
            for (java.util.Map.Entry<String, long[]> e : span.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setLong(2, e.getValue()[0]);
                ps.setLong(3, e.getValue()[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Runs a batch of fill inserts; a failure names the lines of the batch's first failed fill. */
    private static void executeBatch(PreparedStatement insert, String file, List<Fill> added, int from) {
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            int failed = from;
            if (e instanceof java.sql.BatchUpdateException b && b.getUpdateCounts() != null) {
                int[] counts = b.getUpdateCounts();
                int k = 0;
                while (k < counts.length && counts[k] != Statement.EXECUTE_FAILED) {
                    k++;
                }
                failed = Math.min(from + k, added.size() - 1);
            }
            throw new StoreFailure(file + " line " + added.get(failed).line() + ": cannot store the fill", e);
        }
    }

    /** Replaces a symbol's trades with those grouped from all its stored fills. */
    private RoundTrips.Grouping rebuildTrades(Connection c, String symbol) throws SQLException {
        List<Fill> fills = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, side, qty, price, realized_pnl, fee, fee_asset, line_no, fill_hash "
                + "FROM journal_fill WHERE symbol = ? ORDER BY time_ms, import_id, line_no")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fills.add(new Fill(rs.getLong(1), symbol, rs.getString(2).equals("buy"), rs.getBigDecimal(3),
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7), rs.getInt(8),
                            rs.getString(9)));
                }
            }
        }
        RoundTrips.Grouping g = RoundTrips.group(fills);
        Set<String> deleted = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT trade_hash FROM journal_trade_deleted WHERE symbol = ?")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deleted.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM journal_trade WHERE symbol = ?")) {
            del.setString(1, symbol);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO journal_trade (trade_hash, symbol, side, open_time_ms, "
                + "close_time_ms, qty, entry_price, exit_price, realized_pnl, fees, net_pnl, fill_count) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (JournalTrade t : g.trades()) {
                if (deleted.contains(t.tradeHash())) {
                    continue;   // deleted by the trader: its fills stay (a re-import stays idempotent), the trade does not return
                }
                ins.setString(1, t.tradeHash());
                ins.setString(2, t.symbol());
                ins.setString(3, t.side().label());
                ins.setLong(4, t.openTimeMs());
                ins.setLong(5, t.closeTimeMs());
                ins.setBigDecimal(6, t.qty());
                ins.setBigDecimal(7, t.entryPrice());
                ins.setBigDecimal(8, t.exitPrice());
                ins.setBigDecimal(9, t.realizedPnl());
                ins.setBigDecimal(10, t.fees());
                ins.setBigDecimal(11, t.netPnl());
                ins.setInt(12, t.fillCount());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return g;
    }

    //-------------------------------------------------------------------------
    /** Every closed round-trip trade, by close time. */
    public List<JournalTrade> trades() {
        List<JournalTrade> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT symbol, side, open_time_ms, close_time_ms, qty, entry_price, "
                     + "exit_price, realized_pnl, fees, net_pnl, fill_count, trade_hash FROM journal_trade "
                     + "ORDER BY close_time_ms, symbol, open_time_ms");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new JournalTrade(rs.getString(1), rs.getString(2).equals("long") ? Side.LONG : Side.SHORT,
                        rs.getLong(3), rs.getLong(4), strip(rs.getBigDecimal(5)), strip(rs.getBigDecimal(6)),
                        strip(rs.getBigDecimal(7)), strip(rs.getBigDecimal(8)), strip(rs.getBigDecimal(9)),
                        strip(rs.getBigDecimal(10)), rs.getInt(11), rs.getString(12)));
            }
        } catch (SQLException e) {
            throw new StoreFailure("cannot read the journal", e);
        }
        return out;
    }

    /**
     * Deletes a round-trip trade (e.g. a mistaken or test trade): it leaves the journal and Kelly's statistics and does
     * not come back when the same file is imported again.
     *
     * @return false when no trade has that id
     */
    public boolean deleteTrade(String tradeHash) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                String symbol = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT symbol FROM journal_trade WHERE trade_hash = ?")) {
                    ps.setString(1, tradeHash);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            symbol = rs.getString(1);
                        }
                    }
                }
                if (symbol == null) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal_trade_deleted (trade_hash, symbol, deleted_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, tradeHash);
                    ps.setString(2, symbol);
                    ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM journal_trade WHERE trade_hash = ?")) {
                    ps.setString(1, tradeHash);
                    ps.executeUpdate();
                }
                c.commit();
                Database.sync(c);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreFailure("cannot delete the trade", e);
        }
    }

    /** Number of stored fills. */
    public int fillCount() {
        try (Connection c = db.connection()) {
            return count(c, "journal_fill");
        } catch (SQLException e) {
            throw new StoreFailure("cannot read the journal", e);
        }
    }

    /** Closes the database (connections are opened per call; the database itself stays open until this). */
    @Override
    public void close() {
        db.close();
    }

    private static Set<String> tradeHashes(Connection c) throws SQLException {
        Set<String> out = new java.util.HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT trade_hash FROM journal_trade")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static BigDecimal strip(BigDecimal v) {
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }
}
