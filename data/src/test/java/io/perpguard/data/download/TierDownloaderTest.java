package io.perpguard.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tiers download} against a local fake of each venue's tier endpoint (loopback, port 0). */
class TierDownloaderTest {
    HttpServer server;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> apiKeys = Collections.synchronizedList(new ArrayList<>());
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v5/market/risk-limit", x -> {
            String q = x.getRequestURI().getRawQuery();
            requests.add(x.getRequestURI().getPath() + "?" + q);
            // two pages of linear BTCUSDT tiers (fractions, with mmDeduction), the second reached by the cursor
            String body = q.contains("cursor=p2")
                    ? "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[{\"id\":2,\"symbol\":\"BTCUSDT\",\"riskLimitValue\":\"4000000\","
                    + "\"maintenanceMargin\":\"0.01\",\"initialMargin\":\"0.0175\",\"isLowestRisk\":0,\"maxLeverage\":\"57.14\",\"mmDeduction\":\"10000\"}],\"nextPageCursor\":\"\"}}"
                    : "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[{\"id\":1,\"symbol\":\"BTCUSDT\",\"riskLimitValue\":\"2000000\","
                    + "\"maintenanceMargin\":\"0.005\",\"initialMargin\":\"0.01\",\"isLowestRisk\":1,\"maxLeverage\":\"100.00\",\"mmDeduction\":\"0\"}],\"nextPageCursor\":\"p2\"}}";
            send(x, body);
        });
        server.createContext("/api/v5/public/position-tiers", x -> {
            requests.add(x.getRequestURI().getPath() + "?" + x.getRequestURI().getRawQuery());
            send(x, "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instFamily\":\"BTC-USDT\",\"tier\":\"1\",\"minSz\":\"0\",\"maxSz\":\"500\",\"mmr\":\"0.004\",\"imr\":\"0.008\",\"maxLever\":\"125\"},"
                    + "{\"instFamily\":\"BTC-USDT\",\"tier\":\"2\",\"minSz\":\"500\",\"maxSz\":\"1000\",\"mmr\":\"0.005\",\"imr\":\"0.01\",\"maxLever\":\"100\"}]}");
        });
        server.createContext("/future/market/v1/public/leverage/bracket/detail", x -> {
            requests.add(x.getRequestURI().getPath() + "?" + x.getRequestURI().getRawQuery());
            send(x, "{\"returnCode\":0,\"msgInfo\":\"success\",\"error\":null,\"result\":{\"symbol\":\"btc_usdt\",\"leverageBrackets\":[{\"symbol\":\"btc_usdt\","
                    + "\"bracket\":1,\"maxNominalValue\":\"500000\",\"maintMarginRate\":\"0.004\",\"startMarginRate\":\"0.008\",\"maxLeverage\":\"125\",\"minLeverage\":\"1\"}]}}");
        });
        server.createContext("/dapi/v2/leverageBracket", x -> {
            requests.add(x.getRequestURI().getPath() + "?" + x.getRequestURI().getRawQuery());
            apiKeys.add(x.getRequestHeaders().getFirst("X-MBX-APIKEY"));
            send(x, "[{\"symbol\":\"BTCUSD_PERP\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"qtyCap\":5,\"qtylFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0},"
                    + "{\"bracket\":2,\"initialLeverage\":100,\"qtyCap\":10,\"qtylFloor\":5,\"maintMarginRatio\":0.005,\"cum\":0.005}]}]");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange x, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private TierDownloader downloader(Exchange ex, ApiKey key) {
        return new TierDownloader(ex, base(), key, d -> { }, CLOCK, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void test_bybit_followsTheCursor_savesBothPages_andCommandsFindThem(@TempDir Path home) {
        TierDownloader.Saved s = downloader(Exchange.BYBIT, null).download("BTCUSDT", home);
        assertThat(requests).containsExactly("/v5/market/risk-limit?category=linear&symbol=BTCUSDT",
                "/v5/market/risk-limit?category=linear&symbol=BTCUSDT&cursor=p2");
        assertThat(s.file()).isEqualTo(home.resolve("tiers/bybit.json"));
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.BYBIT, null, home, null, null));
        var tiers = ins.get("btcusdt").tiers();
        assertThat(tiers.brackets()).hasSize(2);
        assertThat(tiers.brackets().get(1).maintenanceAmount()).isEqualTo(10_000);
        assertThat(tiers.brackets().get(1).notionalFloor()).isEqualTo(2_000_000);
    }

    @Test
    void test_okx_asksForTheInstrumentFamily(@TempDir Path home) {
        downloader(Exchange.OKX, null).download("BTC-USDT-SWAP", home);
        assertThat(requests).containsExactly("/api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT");
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, null, home, null, null));
        assertThat(ins.get("BTC-USDT-SWAP").tiers().brackets().get(1).notionalCap()).isEqualTo(1000); // contracts
    }

    @Test
    void test_xt_lowerCaseSymbol_andASecondDownloadKeepsTheFirst(@TempDir Path home) throws IOException {
        downloader(Exchange.XT, null).download("BTC_USDT", home);
        assertThat(requests).containsExactly("/future/market/v1/public/leverage/bracket/detail?symbol=btc_usdt");
        downloader(Exchange.XT, null).download("btc_usdt", home);
        String saved = Files.readString(home.resolve("tiers/xt.json"));
        assertThat(saved).contains("\"fetchedAt\" : \"2026-11-30T12:00:00Z\"").contains("\"exchange\" : \"xt\"");
        assertThat(VenueInstruments.load(new VenueInstruments.Source(Exchange.XT, null, home, null, null)).get("btc_usdt")
                .tiers().brackets().get(0).maintenanceMarginRate()).isEqualTo(0.004);
    }

    @Test
    void test_binanceCoinm_isSigned_withTheKeyFromTheEnvironment(@TempDir Path home) {
        assertThatThrownBy(() -> downloader(Exchange.BINANCE_COINM, null).download("BTCUSD_PERP", home))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PERPGUARD_BINANCE_KEY");
        assertThat(requests).isEmpty();
        downloader(Exchange.BINANCE_COINM, new ApiKey("k3y", "s3cret")).download("BTCUSD_PERP", home);
        assertThat(apiKeys).containsExactly("k3y");
        assertThat(requests.get(0)).startsWith("/dapi/v2/leverageBracket?symbol=BTCUSD_PERP&recvWindow=10000&timestamp=").contains("&signature=");
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, home, null, null));
        assertThat(ins.get("BTCUSD_PERP").tiers().brackets().get(1).notionalFloor()).isEqualTo(5); // coin
        assertThat(Files.exists(home.resolve("tiers/binance-coinm.json"))).isTrue();
    }

    @Test
    void test_aVenueError_savesNothing(@TempDir Path home) {
        server.createContext("/v5/market/risk-limit-x", x -> send(x, "{}"));
        TierDownloader bad = new TierDownloader(Exchange.OKX, base() + "/nothing-here", null, d -> { }, CLOCK, new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> bad.download("BTC-USDT-SWAP", home)).isInstanceOf(DownloadException.class);
        assertThat(Files.exists(home.resolve("tiers/okx.json"))).isFalse();
    }
}
