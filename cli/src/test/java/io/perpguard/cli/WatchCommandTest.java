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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code perpguard watch} against the fake Binance: contract for scripts, key handling, and no key leaks anywhere. */
class WatchCommandTest {
    static final String KEY = "cliKeyQ1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8";
    static final String SECRET = "cliSecretZ9x8c7v6b5n4m3l2k1j0h9g8f7d6s5a4";
    static final ObjectMapper JSON = new ObjectMapper();
    /** --duration of a watch a test stops itself once it saw what it waits for: only a bound if the test fails first. */
    static final String LONG = "120";

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
        try (WebhookReceiver second = new WebhookReceiver()) {   // --webhook is repeatable: each URL gets every alert
            jsonLinesCarryUpdatesAndAlertsAndEveryWebhookGetsThem(second);
        }
    }

    private void jsonLinesCarryUpdatesAndAlertsAndEveryWebhookGetsThem(WebhookReceiver second) throws Exception {
        Running w = start("--json", "--thresholds", "80", "--webhook", hook.url(), "--webhook", second.url(), "--duration", LONG);
        await(() -> w.out.toString().contains("\"type\":\"update\"") && w.out.toString().contains("ETHUSDT") && fake.marketConnections() == 1);
        // ETHUSDT isolated (1,500 margin on 30,000 notional) crosses 80 % of its margin near 2,864 (tier 1 MMR 0.4 %: 0.04 × mark against 1,500 + 10 × (mark − 3,000))
        fake.mark("ETHUSDT", 2_960);
        fake.mark("ETHUSDT", 2_863);
        await(() -> hook.received().size() >= 1);
        // the same alerts (by dedupe key) reach the second URL; they may arrive in another order
        await(() -> deliveries(second).equals(deliveries(hook)));
        // stopped once the lines checked below are out (a fixed --duration 6 stood for this; a slow start ate into it)
        await(() -> w.out.toString().contains("\"status\":\"sent\"") && jsonLines(w.out.toString()).stream()
                .flatMap(n -> java.util.stream.StreamSupport.stream(n.path("positions").spliterator(), false))
                .anyMatch(p -> p.path("symbol").asText().equals("BTCUSDT") && p.path("distanceAtr").isNumber() && p.path("fundingRate").asDouble() == 0.0001));
        CliRun r = w.stop();
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
        Running w = start("--duration", LONG);
        // stopped once the table shows the open interest (a fixed --duration 3 stood for this; a slow start ate into it)
        await(() -> w.out.toString().contains("10,659.51 BTC") && w.out.toString().contains("10,659.51 ETH"));
        CliRun r = w.stop();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("BTCUSDT").contains("ETHUSDT").contains("liq. price").contains("margin ratio").contains("cross margin ratio");
        // the fake's /fapi/v1/openInterest answers 10659.509 contracts' worth in base units for every symbol
        assertThat(r.out()).contains("open interest").contains("10,659.51 BTC").contains("10,659.51 ETH");
    }

    @Test
    void singleAssetMode_aUsdcMarginedContractIsShownAndTotalledInUsdc_onItsOwnWallet() throws Exception {
        fake.close();
        fake = new FakeBinance(KEY, SECRET).brackets(FakeBinance.bundledBracketsWith("ETHUSDC", "ETHUSDT"))
                .asset("USDT", 2_000, 1, 0, 0).asset("USDC", 3_000, 1, 0, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDC", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDC", 3_000);
        Running table = start("--account", "single", "--duration", LONG);
        await(() -> table.out.toString().contains("wallet 3,000.00 USDC") && table.out.toString().contains(" USDC "));
        CliRun t = table.stop();
        System.out.println(t.out());   // the table docs/live.md shows
        assertThat(t.out()).contains("single (binance)  wallet 2,000.00 USDT cross margin ratio").contains("wallet 3,000.00 USDC cross margin ratio")
                .contains("(single-asset mode)").contains("3.00 USDC").doesNotContain("USDC  cross margin ratio -");
        // ETHUSDC is not bundled: shown at the venue's tick (exchangeInfo's PRICE_FILTER 0.01), not a default contract's 0.0001
        assertThat(t.out()).contains(" 3,000.00 ").doesNotContain("3,000.0000");

        Running json = start("--account", "single", "--json", "--duration", LONG);
        await(() -> jsonLines(json.out.toString()).stream().anyMatch(WatchCommandTest::bothPriced));
        CliRun j = json.stop();
        JsonNode u = jsonLines(j.out()).stream().filter(WatchCommandTest::bothPriced).reduce((a, b) -> b).orElseThrow();
        JsonNode eth = null;
        for (JsonNode r : u.path("positions")) {
            if (r.path("symbol").asText().equals("ETHUSDC")) {
                eth = r;
            }
        }
        assertThat(eth.path("currency").asText()).isEqualTo("USDC");
        assertThat(u.path("wallets").findValuesAsText("asset")).containsExactly("USDT", "USDC");
        assertThat(u.path("wallets").get(1).path("walletBalance").asDouble()).isEqualTo(3_000);
        assertThat(u.path("assetMode").asText()).isEqualTo("single-asset");
    }

    private static boolean bothPriced(JsonNode l) {
        return "update".equals(l.path("type").asText()) && l.path("positions").size() == 2
                && l.path("positions").findValues("liquidationPrice").stream().allMatch(JsonNode::isNumber);
    }

    @Test
    void keyAndSecretNeverAppearInOutputErrorsStateFilesOrAlerts() throws Exception {
        // a venue that echoes the key in its errors, a rejected call, a crossing delivered to a webhook
        fake.echoKeyInErrors(true);
        Running w = start("--json", "--thresholds", "80", "--webhook", hook.url(), "--duration", LONG);
        await(() -> w.out.toString().contains("\"type\":\"update\"") && fake.marketConnections() == 1);
        fake.mark("ETHUSDT", 2_863);
        await(() -> hook.received().size() >= 1 && w.out.toString().contains("\"status\":\"sent\""));
        CliRun ok = w.stop();
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
            CommandLine cl = PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() ->
                    cl.execute("watch", "--config", cfg.toString(), "--json", "--thresholds", "80", "--state", dir.toString(), "--duration", LONG));
            await(() -> sub.marketConnections() == 1 && fake.marketConnections() == 1);
            sub.mark("SOLUSDT", 160);      // short 20 with 300 margin: 80 % near 163.98 (MM 0.5 % of 20 × mark)
            sub.mark("SOLUSDT", 164.05);
            await(() -> hook.received().stream().anyMatch(r -> r.body().path("account").asText().equals("scalp")));
            // stopped once both accounts' updates are out (a fixed --duration 5 stood for this)
            await(() -> jsonLines(out.toString()).stream().filter(n -> n.path("type").asText().equals("update"))
                    .map(n -> n.path("account").asText()).collect(java.util.stream.Collectors.toSet()).containsAll(List.of("main", "scalp")));
            ((WatchCommand) cl.getSubcommands().get("watch").getCommand()).stop();
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
    private static java.util.Set<String> deliveries(WebhookReceiver r) {
        return r.received().stream().map(WebhookReceiver.Received::delivery).collect(java.util.stream.Collectors.toSet());
    }

    /** A watch in the background; {@link #stop()} ends it as its --duration would. */
    record Running(CompletableFuture<CliRun> result, StringWriter out, WatchCommand command) {
        CliRun stop() throws Exception {
            command.stop();
            return result.get();
        }
    }

    /** The watch command's JSON lines printed so far (the last one may still be incomplete). */
    private static List<JsonNode> jsonLines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            try {
                lines.add(JSON.readTree(l));
            } catch (Exception e) {
                // the line being written
            }
        }
        return lines;
    }

    private Running start(String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", "--exchange", "binance", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(),
                "--state", dir.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = PerpguardCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<CliRun> f = CompletableFuture.supplyAsync(() -> {
            int code = cl.execute(args.toArray(String[]::new));
            return new CliRun(code, out.toString(), err.toString());
        });
        return new Running(f, out, cl.getSubcommands().get("watch").getCommand());
    }
}
