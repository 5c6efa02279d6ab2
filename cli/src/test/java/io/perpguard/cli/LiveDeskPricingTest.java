package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.pos;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.ManualClock;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live} with a Binance and a Bybit account holding the same ETHUSDT position: the desk prices each by
 * its own venue's rules at its own marks (the watcher's liquidation price, not Binance's for both); a Bybit feed that
 * goes quiet greys out the Bybit account only; a hand-entered sub-account is priced at its stored marks, labelled so.
 */
class LiveDeskPricingTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachMirroredAccountIsPricedByItsVenueAtItsOwnMarks_andStaleOnItsOwn() throws Exception {
        try (FakeBinance bin = new FakeBinance("binKey1", "binSecret1").wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
             FakeBybit byb = new FakeBybit("bybKey1", "bybSecret1").wallet(10_000)
                     .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 1_500))) {
            bin.mark("ETHUSDT", 3_000);
            byb.mark("ETHUSDT", 2_990);
            LiveDesk state = new LiveDesk();
            // the marks' age is read on the test's clock: it stands still until the test moves it (on the wall clock a slow run
            // let the Binance account go stale between two of its pushes 250 ms apart); a silent socket is not under test
            ManualClock clock = new ManualClock(System.currentTimeMillis());
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofMillis(2_500))
                    .withMarkClock(clock);
            try (LiveMonitor m = new LiveMonitor(List.of(
                    new LiveMonitor.AccountSpec("bin", "binance", new Credentials("binKey1", "binSecret1"), ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()).withSilence(Duration.ofHours(1))),
                    new LiveMonitor.AccountSpec("byb", "bybit", new Credentials("bybKey1", "bybSecret1"), ConnectorConfig.defaults().withUrls(byb.restUrl(), byb.wsUrl()).withSilence(Duration.ofHours(1)))),
                    List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:pricing" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
                // the Bybit account's row as an earlier run left it: the mirror stored every account as binance
                long liveAcct = post(desk, "/api/accounts", "{\"name\":\"live\"}").get("id").asLong();
                post(desk, "/api/subaccounts", "{\"accountId\":" + liveAcct + ",\"name\":\"byb\",\"walletBalance\":5000}");
                m.start();
                await(() -> bin.marketConnections() == 1 && byb.marketConnections() == 1);
                // a hand-entered account next to them
                long acct = post(desk, "/api/accounts", "{\"name\":\"plans\"}").get("id").asLong();
                long sub = post(desk, "/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"what-if\",\"walletBalance\":2000}").get("id").asLong();
                post(desk, "/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":1,\"entryPrice\":3100,"
                        + "\"leverage\":10,\"marginMode\":\"isolated\",\"markPrice\":3100}");
                await(() -> {
                    // re-pushed until seen: a mark before a watcher's REST snapshot is dropped by design (a fixed 300 ms wait stood for it)
                    bin.mark("ETHUSDT", 2_950);
                    byb.mark("ETHUSDT", 2_940);   // the same symbol, another venue's mark
                    JsonNode d = getQuietly(desk, "/api/desk");
                    return mark(sub(d, "bin")) == 2_950 && mark(sub(d, "byb")) == 2_940;
                });
                JsonNode d = get(desk, "/api/desk");
                JsonNode live = get(desk, "/api/live");
                assertThat(sub(d, "bin").path("markSource").asText()).isEqualTo("live:binance");
                assertThat(sub(d, "byb").path("markSource").asText()).isEqualTo("live:bybit");
                // the stored venue is the watched account's own (Bybit's V5 connector reads a unified account), the old row moved
                assertThat(row(desk, "bin").path("exchange").asText()).isEqualTo("binance");
                assertThat(row(desk, "byb").path("exchange").asText()).isEqualTo("bybit-uta");
                assertThat(sub(d, "byb").path("exchange").asText()).isEqualTo("bybit-uta");
                assertThat(sub(d, "byb").path("error").isMissingNode()).as(sub(d, "byb").toString()).isTrue();
                // a plan checked against it names its venue: Binance's rules do not price a Bybit account
                long bybId = row(desk, "byb").path("id").asLong();
                String ethPlan = "{\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"entryPrice\":2940,\"stop\":2800,\"stopMethod\":\"structure\",\"thesis\":\"range low holds\",\"leverage\":5,\"equity\":10000,\"riskPct\":1}";
                HttpResponse<String> wrongVenue = send(desk, "/api/check", "{\"plan\":" + ethPlan + ",\"subAccountId\":" + bybId + "}");
                assertThat(wrongVenue.statusCode()).as(wrongVenue.body()).isEqualTo(400);
                assertThat(wrongVenue.body()).contains("is on bybit-uta, the plan on binance");
                HttpResponse<String> sameVenue = send(desk, "/api/check", "{\"plan\":" + ethPlan + ",\"subAccountId\":" + bybId + ",\"exchange\":\"bybit-uta\"}");
                assertThat(sameVenue.statusCode()).as(sameVenue.body()).isEqualTo(200);
                // the desk's liquidation price of each account is its watcher's (its venue's rule), and the two differ
                double binLiq = pos(sub(d, "bin")).path("liquidationPrice").asDouble(), bybLiq = pos(sub(d, "byb")).path("liquidationPrice").asDouble();
                assertThat(binLiq).isEqualTo(watcherLiq(live, "bin"));
                assertThat(bybLiq).isEqualTo(watcherLiq(live, "byb"));
                assertThat(bybLiq).isNotEqualTo(binLiq);
                // the hand-entered account: stored marks, labelled, never a venue's live mark
                JsonNode plan = sub(d, "what-if");
                assertThat(plan.path("markSource").asText()).isEqualTo("stored");
                assertThat(mark(plan)).isEqualTo(3_100);
                assertThat(plan.path("stale").asBoolean()).isFalse();

                // Bybit goes quiet, Binance keeps pushing: only the Bybit account is stale. 2 s on, within 2.5 s: Binance marks
                // again; 1 s more: Bybit's last mark is 3 s old, Binance's 1 s
                clock.advance(2_000);
                bin.mark("ETHUSDT", 2_951);
                await(() -> mark(sub(getQuietly(desk, "/api/desk"), "bin")) == 2_951);
                assertThat(sub(get(desk, "/api/desk"), "byb").path("stale").asBoolean()).as("Bybit's mark 2 s old, within 2.5 s").isFalse();
                clock.advance(1_000);
                await(() -> sub(getQuietly(desk, "/api/desk"), "byb").path("stale").asBoolean());
                JsonNode now = get(desk, "/api/desk");
                assertThat(sub(now, "byb").path("stale").asBoolean()).as("the quiet Bybit account").isTrue();
                assertThat(sub(now, "byb").path("staleReason").asText()).contains("ETHUSDT");
                assertThat(sub(now, "bin").path("stale").asBoolean()).as("the Binance account keeps its current marks").isFalse();
                assertThat(sub(now, "what-if").path("stale").asBoolean()).isFalse();
            }
        }
    }

    private static double watcherLiq(JsonNode live, String account) {
        for (JsonNode a : live.path("accounts")) {
            if (a.path("account").asText().equals(account)) {
                return a.path("positions").get(0).path("liquidationPrice").asDouble();
            }
        }
        throw new AssertionError("no watcher view of " + account);
    }

    private static double mark(JsonNode sub) {
        return pos(sub).path("markPrice").asDouble(Double.NaN);
    }

    /** The stored sub-account row (GET /api/subaccounts) named {@code name}. */
    private JsonNode row(DeskServer desk, String name) throws Exception {
        for (JsonNode s : get(desk, "/api/subaccounts")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + name);
    }

    private HttpResponse<String> send(DeskServer desk, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(desk.url() + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(DeskServer desk, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(desk.url() + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 201);
        return JsonOutput.MAPPER.readTree(r.body());
    }
}
