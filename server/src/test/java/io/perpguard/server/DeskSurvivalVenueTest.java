package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/survival} priced by the venue asked for ({@code exchange}, or a sub-account's own venue), as
 * {@code /api/portfolio} prices each account: Bybit's BTCUSDT (a one-tier table as `tiers download` saves it, 100x)
 * names Bybit's rules; Trader A's 50x is checked against that table, not the desk's.
 */
class DeskSurvivalVenueTest {
    static final String BODY = "{\"symbol\":\"BTCUSDT\",\"paths\":200,\"horizonDays\":30,\"seed\":3%s}";
    static final String BYBIT_100X = DeskPortfolioVenuesTest.BYBIT_TIERS.replace("\"maxLeverage\":\"25\"", "\"maxLeverage\":\"100\"")
            .replace("\"maintenanceMargin\":\"0.02\",\"initialMargin\":\"0.04\"", "\"maintenanceMargin\":\"0.005\",\"initialMargin\":\"0.01\"");

    @Test
    void survival_isPricedByTheVenueAskedFor(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("tiers"));
        Files.writeString(home.resolve("tiers/bybit.json"), BYBIT_100X);
        String before = System.getProperty(Database.HOME_PROPERTY);
        System.setProperty(Database.HOME_PROPERTY, home.toString());
        try (TestDesk desk = TestDesk.inMemory()) {
            TestDesk.Response own = desk.post("/api/survival", BODY.formatted(""));
            assertThat(own.status()).as(own.body()).isEqualTo(200);
            assertThat(own.json().get("exchange").asText()).isEqualTo("binance");

            TestDesk.Response bybit = desk.post("/api/survival", BODY.formatted(",\"exchange\":\"bybit\""));
            assertThat(bybit.status()).as(bybit.body()).isEqualTo(200);
            JsonNode b = bybit.json();
            assertThat(b.get("exchange").asText()).isEqualTo("bybit");
            assertThat(b.get("venue").asText()).startsWith("Bybit");
            assertThat(BYBIT_100X).contains("\"maxLeverage\":\"100\"");

            TestDesk.Response both = desk.post("/api/survival", BODY.formatted(",\"exchange\":\"bybit\",\"subAccountId\":1"));
            assertThat(both.status()).isEqualTo(400);
            assertThat(both.json().get("field").asText()).isEqualTo("exchange");
            TestDesk.Response unknown = desk.post("/api/survival", BODY.formatted(",\"exchange\":\"bitmex\""));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("field").asText()).isEqualTo("exchange");
        } finally {
            if (before == null) {
                System.clearProperty(Database.HOME_PROPERTY);
            } else {
                System.setProperty(Database.HOME_PROPERTY, before);
            }
        }
    }

    /** {@code side: "short"} runs both traders short, as {@code simulate --side short}; a misspelt side is one 400 naming it. */
    @Test
    void survival_short_runsBothTradersShort() {
        try (TestDesk desk = TestDesk.inMemory()) {
            TestDesk.Response longs = desk.post("/api/survival", BODY.formatted(""));
            assertThat(longs.status()).as(longs.body()).isEqualTo(200);
            assertThat(longs.json().get("side").asText()).isEqualTo("long");
            TestDesk.Response shorts = desk.post("/api/survival", BODY.formatted(",\"side\":\"short\""));
            assertThat(shorts.status()).as(shorts.body()).isEqualTo(200);
            JsonNode s = shorts.json();
            assertThat(s.get("side").asText()).isEqualTo("short");
            assertThat(s.get("a").get("policyRule").asText()).contains("short from the first bar");
            assertThat(s.get("b").get("policyRule").asText()).contains("above entry", "short whenever flat");
            assertThat(s.get("b").get("meanTrades").asDouble()).isNotEqualTo(longs.json().get("b").get("meanTrades").asDouble());
            TestDesk.Response bad = desk.post("/api/survival", BODY.formatted(",\"side\":\"flat\""));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("error").asText()).isEqualTo("side: 'flat' is not a side; use long or short");
            assertThat(bad.json().get("field").asText()).isEqualTo("side");
        }
    }

    @Test
    void simCandles_areReadOnce_notOnEverySurvivalRequest(@TempDir Path dir) throws IOException {
        // serve --sim-candles re-read and re-parsed the file on every POST /api/survival
        Path file = dir.resolve("BTCUSDT-1h.csv");
        Files.copy(Path.of("../samples/candles/BTCUSDT-1h-futures-2023.csv"), file);
        try (TestDesk desk = new TestDesk(TestDesk.memoryConfig().withSimCandles(file))) {
            TestDesk.Response first = desk.post("/api/survival", BODY.formatted(""));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            Files.writeString(file, "not candles\n");   // a re-read now fails: the answer must come from the parsed series
            TestDesk.Response second = desk.post("/api/survival", BODY.formatted(""));
            assertThat(second.status()).as(second.body()).isEqualTo(200);
            assertThat(second.body()).isEqualTo(first.body());
        }
    }
}
