package io.perpguard.data.journal;

import io.perpguard.InvalidInputException;
import io.perpguard.data.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips through the embedded H2 file database, schema by Flyway. */
final class JournalStoreTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("journal");
    }

    @Test
    void test_importFile_storesFillsAndTrades() {
        try (JournalStore s = JournalStore.open(url())) {
            ImportResult r = s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            assertThat(r.format()).isEqualTo("binance");
            assertThat(r.rowsRead()).isEqualTo(13);
            assertThat(r.fillsAdded()).isEqualTo(13);
            assertThat(r.tradesAdded()).isEqualTo(5);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("ETHUSDT").contains("still open"));
            // the symbol named once (it read "ETHUSDT: position still open, not counted as a trade yet: ETHUSDT")
            assertThat(r.warnings()).contains("position still open, not counted as a trade yet: ETHUSDT");
            List<JournalTrade> trades = s.trades();
            List<JournalTrade> fromFile = RoundTrips.group(JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills()).trades();
            assertThat(trades).isEqualTo(fromFile);
        }
    }

    @Test
    void test_importFile_twice_addsNothing_sameRows() throws Exception {
        try (JournalStore s = JournalStore.open(url())) {
            s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            List<JournalTrade> first = s.trades();
            int imports = count(s, "journal_import");
            ImportResult again = s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            assertThat(again.fillsAdded()).isZero();
            assertThat(again.fillsAlreadyStored()).isEqualTo(13);
            assertThat(again.tradesAdded()).isZero();
            assertThat(s.trades()).isEqualTo(first);
            assertThat(s.fillCount()).isEqualTo(13);
            assertThat(count(s, "journal_import")).isEqualTo(imports);
        }
    }

    @Test
    void test_importFile_reopenedDatabase_keepsTheJournal() {
        List<JournalTrade> before;
        try (JournalStore s = JournalStore.open(url())) {
            s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            before = s.trades();
        }
        try (JournalStore s = JournalStore.open(url())) {
            assertThat(s.trades()).isEqualTo(before);
        }
    }

    @Test
    void test_importFile_corruptFile_writesNothing_andNamesTheLine() throws Exception {
        try (JournalStore s = JournalStore.open(url())) {
            s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            List<JournalTrade> before = s.trades();
            int imports = count(s, "journal_import");
            assertThatThrownBy(() -> s.importFile(JournalFixtures.file("binance-futures-trades-corrupt.csv")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 5");
            // lines 2–4 were valid and written before line 5 failed: the rollback removed them
            assertThat(s.fillCount()).isEqualTo(13);
            assertThat(s.trades()).isEqualTo(before);
            assertThat(count(s, "journal_import")).isEqualTo(imports);
        }
    }

    @Test
    void test_importFile_corruptFirstImport_leavesAnEmptyJournal() {
        try (JournalStore s = JournalStore.open(url())) {
            assertThatThrownBy(() -> s.importFile(JournalFixtures.file("binance-futures-trades-corrupt.csv")))
                    .hasMessageContaining("line 5");
            assertThat(s.fillCount()).isZero();
            assertThat(s.trades()).isEmpty();
        }
    }

    @Test
    void test_importFile_aFillInsideClosedTrips_regroupsThem_andCountsNoNegativeTrades() throws java.io.IOException {
        // two closed trips, then a buy inside the first and a sell after the second: one trip of six fills. Counted as
        // "after − before" this reported tradesAdded -1
        Path first = dir.resolve("first.csv"), second = dir.resolve("second.csv");
        java.nio.file.Files.writeString(first, "time,symbol,side,qty,price,realizedPnl,fee\n"
                + "2024-03-01T10:00:00Z,BTCUSDT,buy,1,60000,0,0\n2024-03-01T12:00:00Z,BTCUSDT,sell,1,61000,0,0\n"
                + "2024-03-01T14:00:00Z,BTCUSDT,buy,1,60000,0,0\n2024-03-01T16:00:00Z,BTCUSDT,sell,1,61000,0,0\n");
        java.nio.file.Files.writeString(second, "time,symbol,side,qty,price,realizedPnl,fee\n"
                + "2024-03-01T11:00:00Z,BTCUSDT,buy,1,60500,0,0\n2024-03-01T18:00:00Z,BTCUSDT,sell,1,62000,0,0\n");
        try (JournalStore s = JournalStore.open(url())) {
            ImportResult a = s.importFile(first);
            assertThat(a.tradesAdded()).isEqualTo(2);
            assertThat(a.tradesReplaced()).isZero();
            ImportResult b = s.importFile(second);
            assertThat(b.tradesAfter()).isEqualTo(1);
            assertThat(b.tradesAdded()).as("the regrouped trip is new to the journal").isEqualTo(1);
            assertThat(b.tradesReplaced()).as("both earlier trips were regrouped into it").isEqualTo(2);
            ImportResult again = s.importFile(second);
            assertThat(again.tradesAdded()).isZero();
            assertThat(again.tradesReplaced()).isZero();
        }
    }

    @Test
    void test_importFile_overlappingNextExport_closesTheOpenPositionAcrossFiles() {
        try (JournalStore s = JournalStore.open(url())) {
            s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            ImportResult r = s.importFile(JournalFixtures.file("binance-futures-trades-next.csv"));
            assertThat(r.fillsAlreadyStored()).isEqualTo(1);
            assertThat(r.fillsAdded()).isEqualTo(1);
            assertThat(r.tradesAdded()).isEqualTo(1);
            JournalTrade last = s.trades().get(s.trades().size() - 1);
            assertThat(last.symbol()).isEqualTo("ETHUSDT");
            assertThat(last.entryPrice()).isEqualByComparingTo("3600");
            assertThat(last.exitPrice()).isEqualByComparingTo("3700");
            assertThat(last.netPnl()).isEqualByComparingTo("19.27");
        }
    }

    @Test
    void test_importFile_genericCsv() {
        try (JournalStore s = JournalStore.open(url())) {
            ImportResult r = s.importFile(JournalFixtures.file("generic-journal.csv"));
            assertThat(r.format()).isEqualTo("generic");
            assertThat(s.trades()).extracting(JournalTrade::netPnl)
                    .usingElementComparator(java.math.BigDecimal::compareTo)
                    .containsExactly(new java.math.BigDecimal("-105.95"), new java.math.BigDecimal("193.3"));
        }
    }

    @Test
    void test_open_defaultStyleUrl_isSharedBetweenTwoOpenStores() {
        // within one process (the desk's API and its journal) stores on the same URL share the database
        String shared = Database.h2FileUrl(dir.resolve("shared"));
        try (JournalStore server = JournalStore.open(shared); JournalStore cli = JournalStore.open(shared)) {
            cli.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            assertThat(server.trades()).hasSize(5);
        }
    }

    @Test
    void test_open_migratesWithFlyway_toVersion1() throws Exception {
        try (JournalStore s = JournalStore.open(url());
             Connection c = s.database().connection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void test_open_badUrl_isOneLineOnFieldDb() {
        assertThatThrownBy(() -> JournalStore.open("postgres://localhost/x"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("db:");
        assertThatThrownBy(() -> JournalStore.open("jdbc:nosuchdb:whatever"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("db:");
    }

    /** A generic CSV of fills {@code from} to {@code to} − 1, alternating BTCUSDT and ETHUSDT, opened and closed in pairs. */
    private static String fills(int from, int to) {
        StringBuilder b = new StringBuilder("time,symbol,side,qty,price,realizedPnl,fee\n");
        for (int i = from; i < to; i++) {
            String sym = (i / 2) % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
            b.append(1_700_000_000_000L + i * 60_000L).append(',').append(sym).append(',').append(i % 2 == 0 ? "buy" : "sell")
                    .append(",0.").append(100 + i % 7).append(',').append(1000 + i).append(',').append(i % 2 == 0 ? "0" : "1.5").append(",0.01\n");
        }
        return b.toString();
    }

    @Test
    void test_importCsv_overlappingExport_addsOnlyTheNewFills_byHash() {
        try (JournalStore s = JournalStore.open(url())) {
            assertThat(s.importCsv("a.csv", fills(0, 600)).fillsAdded()).isEqualTo(600);
            ImportResult next = s.importCsv("b.csv", fills(300, 1000));
            assertThat(next.rowsRead()).isEqualTo(700);
            assertThat(next.fillsAlreadyStored()).isEqualTo(300);
            assertThat(next.fillsAdded()).isEqualTo(400);
            assertThat(s.fillCount()).isEqualTo(1000);
            assertThat(s.trades()).isNotEmpty().isEqualTo(RoundTrips.group(parsed(fills(0, 1000))).trades());
        }
    }

    private static List<Fill> parsed(String csv) {
        List<Fill> out = new java.util.ArrayList<>();
        try {
            JournalCsv.read(new java.io.BufferedReader(new java.io.StringReader(csv)), "all", out::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void test_importCsv_looksStoredFillsUpPerSymbol_notPerFill() throws Exception {
        try (JournalStore s = JournalStore.open("jdbc:h2:mem:journal-statements")) {
            try (Connection c = s.database().connection(); Statement st = c.createStatement()) {
                st.execute("SET QUERY_STATISTICS TRUE");
            }
            assertThat(s.importCsv("a.csv", fills(0, 1000)).fillsAdded()).isEqualTo(1000);
            long lookups = 0;
            try (Connection c = s.database().connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rs.next()) {
                    String sql = rs.getString(1).toUpperCase(java.util.Locale.ROOT);
                    if (sql.startsWith("SELECT") && sql.contains("JOURNAL_FILL")) {
                        lookups += rs.getLong(2);
                    }
                }
            } finally {
                try (Connection c = s.database().connection(); Statement st = c.createStatement()) {
                    st.execute("SET QUERY_STATISTICS FALSE");
                }
            }
            // two symbols: one range read each for the fills already stored, one read each to rebuild the trades (it was one
            // SELECT per fill: 1,000 statements for 1,000 rows)
            assertThat(lookups).isPositive().isLessThanOrEqualTo(4);
        }
    }

    private static int count(JournalStore s, String table) throws Exception {
        try (Connection c = s.database().connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
