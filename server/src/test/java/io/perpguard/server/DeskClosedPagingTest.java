package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/closed} pages by close time then id, newest first: {@code ?limit=N&before=CURSOR}, the next page in the
 * Link header. It answered the newest 1,000 closed positions and nothing older. Walking the Link headers returns every
 * row exactly once, in order, including rows closed at the same millisecond and rows whose close time is not their id's
 * order; a client that passes nothing still gets the array of the newest 1,000.
 */
final class DeskClosedPagingTest {
    private static final Pattern NEXT = Pattern.compile("^<(/api/closed\\?[^>]+)>; rel=\"next\"$");
    private final HttpClient http = HttpClient.newHttpClient();

    record Row(long id, long sub, long closedAtMs) {
    }

    @Test
    void walkingTheNextLinks_returnsEveryClosedPositionOnce_inCloseTimeThenIdOrder() throws Exception {
        String url = "jdbc:h2:mem:desk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (TestDesk d = new TestDesk(url); Connection c = DriverManager.getConnection(url, "", "")) {
            JsonNode subs = d.get("/api/subaccounts").json();
            long subA = subs.get(0).get("id").asLong(), subB = subs.get(1).get("id").asLong();
            insert(c, 1205, subA, subB, 1_760_000_000_000L);
            List<Row> all = rows(c);
            assertThat(all).hasSizeGreaterThan(1000);

            // nothing passed: the array it always was, the newest 1,000, and a link to the rest
            Page first = get(d, "/api/closed");
            assertThat(first.status).isEqualTo(200);
            assertThat(first.ids).containsExactlyElementsOf(all.subList(0, 1000).stream().map(Row::id).toList());
            assertThat(first.next).isPresent();
            Page rest = get(d, first.next.get());
            assertThat(rest.ids).containsExactlyElementsOf(all.subList(1000, all.size()).stream().map(Row::id).toList());
            assertThat(rest.next).isEmpty();

            // small pages: every row once, in order, however the close times tie
            List<Long> walked = walk(d, "/api/closed?limit=97", c, subA);
            assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(all.stream().map(Row::id).toList());

            // filtered by sub-account: the link keeps the filter
            List<Long> onlyB = walk(d, "/api/closed?subAccountId=" + subB + "&limit=50", null, 0);
            assertThat(onlyB).containsExactlyElementsOf(all.stream().filter(r -> r.sub == subB).map(Row::id).toList());
        }
    }

    @Test
    void aBadLimitOrCursor_isOneLineNamingTheField() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String[] q : new String[][]{{"limit=0", "limit", "limit: 0 is outside the allowed range 1 to 1,000"},
                    {"limit=1001", "limit", "limit: 1,001 is outside the allowed range 1 to 1,000"},
                    {"limit=2.5", "limit", "limit: 2.5 is not a whole number"},
                    {"before=yesterday", "before", "before: 'yesterday' is not a cursor of this list: give the next link's before, closedAtMs_id (e.g. 1760126400000_42)"},
                    {"before=12_0", "before", null}, {"before=_5", "before", null}, {"before=1_2_3", "before", null}}) {
                TestDesk.Response r = d.get("/api/closed?" + q[0]);
                assertThat(r.status()).as(q[0] + " " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).as(q[0]).isEqualTo(q[1]);
                assertThat(r.json().get("error").asText()).as(q[0]).doesNotContain("\n");
                if (q[2] != null) {
                    assertThat(r.json().get("error").asText()).isEqualTo(q[2]);
                }
            }
            assertThat(d.get("/api/closed?limit=1000&before=" + Long.MAX_VALUE + "_1").status()).isEqualTo(200);
        }
    }

    /**
     * Follows the Link headers from {@code path}; with {@code c}, a position of {@code sub} is closed after the first page
     * (newer than every row: it must not shift the pages being walked).
     */
    private List<Long> walk(TestDesk d, String path, Connection c, long sub) throws Exception {
        List<Long> ids = new ArrayList<>();
        Optional<String> next = Optional.of(path);
        int pages = 0;
        while (next.isPresent()) {
            Page p = get(d, next.get());
            assertThat(p.status).as(next.get()).isEqualTo(200);
            assertThat(p.ids).as("a page is never empty when a link led to it").isNotEmpty();
            ids.addAll(p.ids);
            next = p.next;
            if (pages++ == 0 && c != null) {
                insert(c, 1, sub, sub, 1_900_000_000_000L);
            }
            assertThat(pages).isLessThan(10_000);
        }
        return ids;
    }

    private record Page(int status, List<Long> ids, Optional<String> next) {
    }

    private Page get(TestDesk d, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(d.base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<Long> ids = new ArrayList<>();
        if (r.statusCode() == 200) {
            TestDesk.json(r.body()).forEach(n -> ids.add(n.get("id").asLong()));
        }
        Optional<String> next = r.headers().firstValue("Link").map(link -> {
            Matcher m = NEXT.matcher(link);
            assertThat(m.matches()).as(link).isTrue();
            return m.group(1);
        });
        return new Page(r.statusCode(), ids, next);
    }

    /** {@code n} closed rows alternating between two sub-accounts; close times repeat (ties) and run against id order. */
    private static void insert(Connection c, int n, long subA, long subB, long baseMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into desk_closed_position (sub_account_id, position_id, symbol, side, qty, "
                + "entry_price, leverage, margin_mode, position_side, reason, close_price, mark_price, realized_pnl, closed_at_ms) "
                + "values (?, ?, 'BTCUSDT', 'long', 0.01, 60000, 10, 'cross', 'both', 'closed', 61000, 61000, 10, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, i % 2 == 0 ? subA : subB);
                ps.setLong(2, 100_000 + i);
                ps.setLong(3, baseMs + (i * 7919L % 400) * 60_000);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every closed row, in the order the list promises (sorted here, not by the desk's query). */
    private static List<Row> rows(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("select id, sub_account_id, closed_at_ms from desk_closed_position")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        rows.sort(Comparator.comparingLong(Row::closedAtMs).thenComparingLong(Row::id).reversed());
        assertThat(new HashSet<>(rows.stream().map(Row::closedAtMs).toList())).hasSizeLessThan(rows.size());   // ties exist
        return rows;
    }
}
