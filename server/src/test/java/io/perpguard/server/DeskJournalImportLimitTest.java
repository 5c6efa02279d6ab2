package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A year of fills imports in one request: {@code POST /api/journal/import} takes up to 8 MiB (a Binance export row is
 * ~90 bytes: ~90,000 fills), where the desk's 64 KiB stopped a trade-history export at ~800 fills. Over 8 MiB it is a
 * 413 naming the limit and nothing is stored. Every other route keeps 64 KiB ({@link DeskBodyLimitTest}).
 */
final class DeskJournalImportLimitTest {
    private static final DateTimeFormatter BINANCE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * A Binance USDⓈ-M trade-history export of {@code roundTrips} round trips (an opening and a closing fill each) from
     * 2025-01-01, BTC, ETH and SOL in turn, one fill every 26 minutes (10,000 fills: four months).
     */
    static String binanceExport(int roundTrips, long seed) {
        Random rnd = new Random(seed);
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
        double[] price = {94_000, 3_300, 190};
        double[] lot = {0.001, 0.01, 0.1};
        StringBuilder b = new StringBuilder("Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Fee Coin,Realized Profit,Quote Asset\n");
        long t = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < roundTrips; i++) {
            int s = i % symbols.length;
            boolean longTrade = rnd.nextBoolean();
            double qty = lot[s] * (1 + rnd.nextInt(50));
            double open = Math.round(price[s] * (1 + rnd.nextGaussian() * 0.002) * 100) / 100.0;
            double close = Math.round(open * (1 + rnd.nextGaussian() * 0.01) * 100) / 100.0;
            price[s] = close;
            double pnl = (longTrade ? 1 : -1) * qty * (close - open);
            b.append(row(t, symbols[s], longTrade ? "BUY" : "SELL", open, qty, 0));
            t += 26 * 60_000L;
            b.append(row(t, symbols[s], longTrade ? "SELL" : "BUY", close, qty, pnl));
            t += 26 * 60_000L;
        }
        return b.toString();
    }

    private static String row(long t, String symbol, String side, double price, double qty, double pnl) {
        double amount = price * qty;
        return String.format(Locale.ROOT, "%s,%s,%s,%.2f,%.3f,%.8f,%.8f,USDT,%.8f,USDT%n", BINANCE_TIME.format(Instant.ofEpochMilli(t)),
                symbol, side, price, qty, amount, amount * 0.0005, pnl);
    }

    static long storedFills(TestDesk d) {
        try (Connection c = DriverManager.getConnection(d.server.dbUrl()); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from journal_fill")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Posts the export with a client of its own: TestDesk's 20 s request timeout is a hang detector, and 10,000 fills take
     * 1.3–3.7 s of CPU, which on the shared 2-core CI box was 9–27 s of wall time (not a speed test: no time is asserted).
     */
    private static TestDesk.Response post(TestDesk d, byte[] body, boolean chunked) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(d.base + "/api/journal/import?source=year.csv")).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(5))
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            return new TestDesk.Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void test_tenThousandFills_overTheDesksBodyLimit_areImportedInOneRequest_everyFillStored() {
        String csv = binanceExport(5_000, 17);
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).as("over the desk's 64 KiB").isGreaterThan(10 * 65_536);
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = post(d, body, false);
            assertThat(r.status()).as(r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).isEqualTo(200);
            JsonNode rep = r.json();
            assertThat(rep.get("rowsRead").asInt()).isEqualTo(10_000);
            assertThat(rep.get("fillsAdded").asInt()).isEqualTo(10_000);
            assertThat(storedFills(d)).isEqualTo(10_000);
            // each round trip is one journal trade
            assertThat(d.get("/api/journal?limit=1").json().get("total").asInt()).isEqualTo(5_000);
            // the same export without a Content-Length (counted while read) adds nothing: every fill is already stored
            TestDesk.Response again = post(d, body, true);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("fillsAlreadyStored").asInt()).isEqualTo(10_000);
            assertThat(storedFills(d)).isEqualTo(10_000);
        }
    }

    @Test
    void test_anExportOver8MiB_isA413NamingTheLimit_andStoresNothing() {
        String csv = binanceExport(50_000, 5);   // 100,000 fills
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(8 * 1024 * 1024);
        try (TestDesk d = TestDesk.inMemory()) {
            for (boolean chunked : new boolean[]{false, true}) {
                TestDesk.Response r = post(d, body, chunked);
                assertThat(r.status()).as(r.body()).isEqualTo(413);
                assertThat(r.json().get("field").asText()).isEqualTo("body");
                assertThat(r.json().get("error").asText()).startsWith("request body too large: ")
                        .endsWith("the desk's limit of 8,388,608 bytes (8 MiB)");
            }
            assertThat(storedFills(d)).isZero();
            assertThat(d.get("/api/journal").json().get("total").asInt()).isZero();
        }
    }
}
