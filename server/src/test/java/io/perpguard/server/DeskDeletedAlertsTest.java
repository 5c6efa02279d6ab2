package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.store.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted sub-account (or account) takes its alerts with it, as it takes its positions and closed positions: they stayed
 * listed in {@code /api/alerts} and counted as unread, about a book that no longer exists.
 */
final class DeskDeletedAlertsTest {

    private static List<Long> alertSubs(TestDesk d) {
        List<Long> out = new ArrayList<>();
        for (JsonNode a : d.get("/api/alerts?limit=10000").json()) {
            out.add(a.get("subAccountId").asLong());
        }
        return out;
    }

    private static long subId(TestDesk d, String name) {
        for (JsonNode s : d.get("/api/subaccounts").json()) {
            if (s.get("name").asText().equals(name)) {
                return s.get("id").asLong();
            }
        }
        throw new AssertionError("no sub-account " + name);
    }

    @Test
    void test_deletingASubAccountOrAccount_removesItsAlerts_andKeepsTheOthers() {
        try (TestDesk d = TestDesk.inMemory()) {
            long degen = subId(d, "degen");
            long acct = d.post("/api/accounts", "{\"name\":\"other\"}").json().get("id").asLong();
            long other = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"hot\",\"walletBalance\":1000}").json().get("id").asLong();
            double mark = d.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + other + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":20,\"marginMode\":\"isolated\"}").status()).isEqualTo(201);
            // the replay through the crash alerts degen's and hot's positions
            assertThat(d.post("/api/replay", "{\"jump\":\"end\"}").status()).isEqualTo(200);
            assertThat(alertSubs(d)).contains(degen, other);
            int before = alertSubs(d).size();

            assertThat(d.delete("/api/subaccounts/" + degen).status()).isEqualTo(204);
            List<Long> left = alertSubs(d);
            assertThat(left).doesNotContain(degen).contains(other);
            assertThat(left.size()).isLessThan(before);
            assertThat(d.get("/api/health").json().toString()).doesNotContain("\"error\"");

            assertThat(d.delete("/api/accounts/" + acct).status()).isEqualTo(204);
            assertThat(alertSubs(d)).doesNotContain(degen, other);
        }
    }

    @Test
    void test_alertsOfSubAccountsDeletedBeforeTheMigration_areRemovedByIt() throws Exception {
        String url = "jdbc:h2:mem:desk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Database journal = Database.open(url, "", "")) {
            journal.migrate();
        }
        // the desk's schema as it stood before alerts followed their sub-account
        Flyway.configure(DeskDatabase.class.getClassLoader()).dataSource(url, "", "").locations("classpath:db/desk")
                .table(DeskDatabase.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.executeUpdate("insert into desk_alert (mark_time_ms, subject, sub_account_id, kind, message) values (1, 'sub:999', 999, 'threshold', 'gone')");
            st.executeUpdate("insert into desk_alert (mark_time_ms, subject, sub_account_id, kind, message) "
                    + "select 1, 'sub:' || id, id, 'threshold', 'kept' from desk_sub_account where name = 'core'");
        }
        try (TestDesk d = new TestDesk(url)) {
            JsonNode alerts = d.get("/api/alerts").json();
            assertThat(alerts).extracting(a -> a.get("message").asText()).containsExactly("kept");
        }
    }
}
