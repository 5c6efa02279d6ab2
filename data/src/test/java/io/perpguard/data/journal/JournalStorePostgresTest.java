package io.perpguard.data.journal;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same journal round trip on a real PostgreSQL server, when one is given:
 * {@code PERPGUARD_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=pg}. Skipped otherwise. Each run
 * works in a fresh schema and drops it afterwards.
 */
final class JournalStorePostgresTest {
    private static final String BASE = System.getenv("PERPGUARD_TEST_POSTGRES_URL");
    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        if (BASE == null || BASE.isBlank()) {
            // say why in the build output, not only in the report
            System.out.println("JournalStorePostgresTest: skipped, PERPGUARD_TEST_POSTGRES_URL not set (needs a PostgreSQL server)");
        }
        assumeTrue(BASE != null && !BASE.isBlank(), "PERPGUARD_TEST_POSTGRES_URL not set");
        schema = "perpguard_test_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private String url() {
        return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Test
    void test_importTwice_sameRows_corruptFileWritesNothing_onPostgres() {
        try (JournalStore s = JournalStore.open(url())) {
            ImportResult r = s.importFile(JournalFixtures.file("binance-futures-trades.csv"));
            assertThat(r.fillsAdded()).isEqualTo(13);
            List<JournalTrade> first = s.trades();
            assertThat(first).isEqualTo(RoundTrips.group(
                    JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills()).trades());
            assertThat(s.importFile(JournalFixtures.file("binance-futures-trades.csv")).fillsAdded()).isZero();
            assertThat(s.trades()).isEqualTo(first);
            assertThatThrownBy(() -> s.importFile(JournalFixtures.file("binance-futures-trades-corrupt.csv")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 5");
            assertThat(s.fillCount()).isEqualTo(13);
            assertThat(s.trades()).isEqualTo(first);
        }
    }
}
