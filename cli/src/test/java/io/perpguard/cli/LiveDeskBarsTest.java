package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.getQuietly;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonOutput;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import io.perpguard.server.MarkReplay;
import io.perpguard.stops.Atr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code serve --live}: the bars behind the desk's planning tools are the venue's own hourly candles, not the bundled
 * replay's. The fake Binance serves scripted candles of uneven ranges; the dashboard's ATR, the checklist's stop rule
 * and the survival chart's source all come from them.
 */
class LiveDeskBarsTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLiveDesksAtrIsTheAtrOfTheVenuesCandles() throws Exception {
        int n = 120;
        double[][] ohlc = new double[n][];
        double[] h = new double[n], l = new double[n], c = new double[n];
        double close = 60_000;
        for (int i = 0; i < n; i++) {
            double open = close;
            close = open * (1 + 0.004 * Math.sin(i * 0.7));
            double range = open * (0.003 + 0.002 * (i % 5));   // uneven ranges: Wilder's ATR is not a plain percentage
            h[i] = Math.max(open, close) + range / 2;
            l[i] = Math.min(open, close) - range / 2;
            c[i] = close;
            ohlc[i] = new double[]{open, h[i], l[i], c[i]};
        }
        double[] atrs = Atr.of(h, l, c, Atr.DEFAULT_PERIOD);
        double expected = atrs[n - 1];
        double replayAtr = MarkReplay.bundled().history("BTCUSDT", MarkReplay.bundled().size() - 1, 200).lastAtr(Atr.DEFAULT_PERIOD);
        assertThat(expected).as("the scripted bars' ATR differs from the replay's").isNotCloseTo(replayAtr, within(1.0));

        try (FakeBinance bin = new FakeBinance("barsKey1", "barsSecret1").wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 10, true, 3_000))
                .candles("BTCUSDT", ohlc)) {
            bin.mark("BTCUSDT", close);
            LiveDesk state = new LiveDesk();
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("bin", "binance", new Credentials("barsKey1", "barsSecret1"),
                    ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()))),
                    List.of(), AccountWatcher.Settings.defaults(), dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:bars" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(state::register);
                m.start();
                // the dashboard's ATR of the held symbol, and the distance in ATRs of the mirrored position, once read
                JsonNode d = await(() -> getQuietly(desk, "/api/desk"), j -> j.path("atr").has("BTCUSDT")
                        && j.path("subAccounts").findValues("distanceToLiquidationAtr").stream().anyMatch(JsonNode::isNumber));
                assertThat(d.path("atr").path("BTCUSDT").asDouble()).isCloseTo(expected, within(1e-9));
                JsonNode pos = d.path("subAccounts").findValue("positions").get(0);
                assertThat(pos.path("atr").asDouble()).isCloseTo(expected, within(1e-9));

                // the checklist's stop rule measures the stop in the venue's ATR
                JsonNode check = post(desk, "/api/check", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"range low reclaimed\","
                        + "\"entryPrice\":" + close + ",\"stop\":" + (close - 900) + ",\"stopMethod\":\"structure\",\"targets\":[" + (close + 2000)
                        + "],\"leverage\":5,\"equity\":10000,\"riskPct\":1}");
                assertThat(check.findValues("atr").stream().filter(JsonNode::isNumber).map(JsonNode::asDouble).toList())
                        .as(check.toString()).isNotEmpty().allSatisfy(a -> assertThat(a).isCloseTo(expected, within(1e-9)));

                // the survival chart bootstraps the venue's candles and says so
                JsonNode survival = post(desk, "/api/survival", "{\"symbol\":\"BTCUSDT\",\"paths\":50,\"horizonDays\":5,\"seed\":1}");
                assertThat(survival.toString()).contains("live binance BTCUSDT");
            }
        }
    }

    private JsonNode post(DeskServer desk, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(desk.url() + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JsonOutput.MAPPER.readTree(r.body());
    }

    private static JsonNode await(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> ok) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = read.get();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("timed out; last: " + last);
        return null;
    }
}
