package io.perpguard.cli;

import io.perpguard.live.LiveOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** {@code perpguard watch} against the fake Binance: contract for scripts, key handling, and no key leaks anywhere. */
class WatchCommandTest {
    static final String KEY = "cliKeyQ1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8";
    static final String SECRET = "cliSecretZ9x8c7v6b5n4m3l2k1j0h9g8f7d6s5a4";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeBinance fake;
    WebhookReceiver hook;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeBinance(KEY, SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDT", 3_000);
        hook = new WebhookReceiver();
        LiveOptions.env = Map.of("PERPGUARD_BINANCE_KEY", KEY, "PERPGUARD_BINANCE_SECRET", SECRET, "PERPGUARD_WEBHOOK_SECRET", "s3")::get;
    }

    @AfterEach
    void tearDown() {
        LiveOptions.env = System::getenv;
        fake.close();
        hook.close();
    }

    @Test
    void noKeyPrintsOneLineNamingTheVariableAndExits2() {
        LiveOptions.env = Map.<String, String>of()::get;
        CliRun r = CliRun.of("watch", "--exchange", "binance");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_BINANCE_KEY");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bybitWithoutAKeyNamesItsOwnVariable() {
        LiveOptions.env = Map.<String, String>of()::get;
        CliRun r = CliRun.of("watch", "--exchange", "bybit");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_BYBIT_KEY");
    }

    @Test
    void unknownExchangeIsOneLineExit2() {
        CliRun r = CliRun.of("watch", "--exchange", "kraken");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("kraken").contains("binance");
    }

    @Test
    void refusesAKeyThatCanTradeUnlessAllowed() throws Exception {
        fake.permissions(true, false);
        CliRun r = CliRun.of("watch", "--exchange", "binance", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("can trade").contains("--allow-trading-key");
        assertThat(r.err().strip().lines()).hasSize(1);

        Running w = start("--allow-trading-key", "--duration", "2");
        assertThat(w.result.get().exit()).isZero();
    }

    @Test
    void keyFileMustBeOwnerOnly() throws IOException {
        Path f = dir.resolve("binance.key");
        Files.writeString(f, "key=" + KEY + "\nsecret=" + SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun r = CliRun.of("watch", "--exchange", "binance", "--key-file", f.toString(), "--rest-url", fake.restUrl());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("chmod 600").doesNotContain(SECRET).doesNotContain(KEY);
    }

    @Test
    void jsonLinesCarryUpdatesAndAlertsAndTheWebhookGetsThem() throws Exception {
        Running w = start("--json", "--thresholds", "80", "--webhook", hook.url(), "--duration", "6");
        await(() -> w.out.toString().contains("\"type\":\"update\"") && w.out.toString().contains("ETHUSDT") && fake.marketConnections() == 1);
        // ETHUSDT isolated (1,500 margin on 30,000 notional) crosses 80 % of its margin near 2,864 (tier 1 MMR 0.4 %: 0.04 × mark against 1,500 + 10 × (mark − 3,000))
        fake.mark("ETHUSDT", 2_960);
        fake.mark("ETHUSDT", 2_863);
        await(() -> hook.received().size() >= 1);
        CliRun r = w.result.get();
        assertThat(r.exit()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            lines.add(JSON.readTree(l));   // every line is one JSON object
        }
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.path("type").asText()).isEqualTo("alert");
            assertThat(n.path("symbol").asText()).isEqualTo("ETHUSDT");
            assertThat(n.path("kind").asText()).isEqualTo("threshold");
            assertThat(n.path("threshold").asDouble()).isEqualTo(0.8);
        });
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.path("type").asText()).isEqualTo("update");
            assertThat(n.path("positions")).hasSize(2);
            assertThat(n.path("positions").get(0).path("liquidationPrice").asDouble()).isPositive();
        });
        assertThat(lines).anySatisfy(n -> assertThat(n.path("type").asText() + n.path("status").asText()).isEqualTo("deliverysent"));
        // the fake's hourly candles span 2 % of the mark: BTC's liquidation distance in ATRs is |liq − mark| / (2 % × mark)
        List<JsonNode> btcRows = new ArrayList<>();
        lines.forEach(n -> n.path("positions").forEach(p -> {
            if (p.path("symbol").asText().equals("BTCUSDT")) {
                btcRows.add(p);
            }
        }));
        assertThat(btcRows).anySatisfy(btc -> {
            assertThat(btc.path("distanceAtr").asDouble()).isCloseTo(
                    Math.abs(btc.path("liquidationPrice").asDouble() - btc.path("markPrice").asDouble()) / (0.02 * btc.path("markPrice").asDouble()),
                    org.assertj.core.api.Assertions.within(1e-6));
        });
        assertThat(btcRows).anySatisfy(btc -> assertThat(btc.path("fundingRate").asDouble()).isEqualTo(0.0001));
        assertThat(hook.received().get(0).signature()).startsWith("sha256=");
    }

    @Test
    void tableShowsPositionsLiquidationPriceAndMarginRatio() throws Exception {
        Running w = start("--duration", "3");
        CliRun r = w.result.get();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("BTCUSDT").contains("ETHUSDT").contains("liq. price").contains("margin ratio").contains("cross margin ratio");
        // the fake's /fapi/v1/openInterest answers 10659.509 contracts' worth in base units for every symbol
        assertThat(r.out()).contains("open interest").contains("10,659.51 BTC").contains("10,659.51 ETH");
    }

    @Test
    void keyAndSecretNeverAppearInOutputErrorsStateFilesOrAlerts() throws Exception {
        // a venue that echoes the key in its errors, a rejected call, a crossing delivered to a webhook
        fake.echoKeyInErrors(true);
        Running w = start("--json", "--thresholds", "80", "--webhook", hook.url(), "--duration", "5");
        await(() -> w.out.toString().contains("\"type\":\"update\"") && fake.marketConnections() == 1);
        fake.mark("ETHUSDT", 2_863);
        await(() -> hook.received().size() >= 1);
        CliRun ok = w.result.get();
        // wrong key: the venue's 401 quotes it
        LiveOptions.env = Map.of("PERPGUARD_BINANCE_KEY", KEY + "X", "PERPGUARD_BINANCE_SECRET", SECRET)::get;
        CliRun bad = CliRun.of("watch", "--exchange", "binance", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("401").contains("***");

        List<String> haystacks = new ArrayList<>(List.of(ok.out(), ok.err(), bad.out(), bad.err()));
        hook.received().forEach(h -> haystacks.add(h.raw()));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                haystacks.add(Files.readString(p));
            }
        }
        assertThat(haystacks).hasSizeGreaterThan(5);
        for (String h : haystacks) {
            assertThat(h).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(KEY.substring(6, 30)).doesNotContain(SECRET.substring(9, 30));
        }
    }

    @Test
    void severalAccountsFromAConfigFileEachWithItsOwnKeyAndVenueHost() throws Exception {
        try (FakeBinance sub = new FakeBinance("subKey77", "subSecret77").wallet(2_000)
                .position(new FakeBinance.Pos("SOLUSDT", "BOTH", -20, 150, 10, true, 300))) {
            sub.mark("SOLUSDT", 150);
            Path cfg = dir.resolve("accounts.json");
            Files.writeString(cfg, "{\"accounts\": ["
                    + "{\"name\": \"main\", \"exchange\": \"binance\", \"restUrl\": \"" + fake.restUrl() + "\", \"wsUrl\": \"" + fake.wsUrl() + "\"},"
                    + "{\"name\": \"scalp\", \"exchange\": \"binance\", \"keyEnv\": \"PERPGUARD_BINANCE_SCALP\", \"restUrl\": \"" + sub.restUrl()
                    + "\", \"wsUrl\": \"" + sub.wsUrl() + "\"}],"
                    + "\"webhooks\": [\"" + hook.url() + "\"]}");
            LiveOptions.env = Map.of("PERPGUARD_BINANCE_KEY", KEY, "PERPGUARD_BINANCE_SECRET", SECRET,
                    "PERPGUARD_BINANCE_SCALP_KEY", "subKey77", "PERPGUARD_BINANCE_SCALP_SECRET", "subSecret77")::get;
            StringWriter out = new StringWriter(), err = new StringWriter();
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                CommandLine cl = PerpguardCommand.commandLine();
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                return cl.execute("watch", "--config", cfg.toString(), "--json", "--thresholds", "80", "--state", dir.toString(), "--duration", "5");
            });
            await(() -> sub.marketConnections() == 1 && fake.marketConnections() == 1);
            sub.mark("SOLUSDT", 160);      // short 20 with 300 margin: 80 % near 163.98 (MM 0.5 % of 20 × mark)
            sub.mark("SOLUSDT", 164.05);
            await(() -> hook.received().stream().anyMatch(r -> r.body().path("account").asText().equals("scalp")));
            assertThat(f.get()).isZero();
            List<JsonNode> updates = new ArrayList<>();
            for (String l : out.toString().split("\n")) {
                JsonNode n = JSON.readTree(l);
                if (n.path("type").asText().equals("update")) {
                    updates.add(n);
                }
            }
            assertThat(updates).extracting(n -> n.path("account").asText()).contains("main", "scalp");
            assertThat(updates).filteredOn(n -> n.path("account").asText().equals("scalp"))
                    .allSatisfy(n -> assertThat(n.path("positions").toString()).doesNotContain("BTCUSDT"));
            assertThat(hook.received()).allSatisfy(r -> assertThat(r.body().path("account").asText()).isEqualTo("scalp"));
        }
    }

    @Test
    void configFileWithAMissingKeyNamesTheVariable() throws IOException {
        Path cfg = dir.resolve("accounts.json");
        Files.writeString(cfg, "{\"accounts\": [{\"name\": \"scalp\", \"exchange\": \"binance\", \"keyEnv\": \"PERPGUARD_BINANCE_SCALP\"}]}");
        CliRun r = CliRun.of("watch", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("PERPGUARD_BINANCE_SCALP_KEY");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    //-------------------------------------------------------------------------
    record Running(CompletableFuture<CliRun> result, StringWriter out) {
    }

    private Running start(String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", "--exchange", "binance", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(),
                "--state", dir.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter(), err = new StringWriter();
        CompletableFuture<CliRun> f = CompletableFuture.supplyAsync(() -> {
            CommandLine cl = PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args.toArray(String[]::new));
            return new CliRun(code, out.toString(), err.toString());
        });
        return new Running(f, out);
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out");
    }
}
