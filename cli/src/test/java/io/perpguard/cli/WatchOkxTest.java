package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.LiveOptions;
import io.perpguard.live.fake.FakeOkx;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code perpguard watch --exchange okx} against the fake OKX: key, secret and passphrase handling, alerts, no leaks. */
class WatchOkxTest {
    static final String KEY = "okxCliKey-9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4", SECRET = "OKXCLISECRET5F4E3D2C1B0A99887766", PASS = "cliPassphrase-Q7w8e9";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeOkx fake;
    WebhookReceiver hook;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000)
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 1_500));
        fake.mark("ETH-USDT-SWAP", 3_000);
        hook = new WebhookReceiver();
        LiveOptions.env = Map.of("PERPGUARD_OKX_KEY", KEY, "PERPGUARD_OKX_SECRET", SECRET, "PERPGUARD_OKX_PASSPHRASE", PASS)::get;
    }

    @AfterEach
    void tearDown() {
        LiveOptions.env = System::getenv;
        fake.close();
        hook.close();
    }

    @Test
    void noKeyOrNoPassphraseIsOneLineNamingTheVariable() {
        LiveOptions.env = Map.<String, String>of()::get;
        CliRun r = CliRun.of("watch", "--exchange", "okx");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_OKX_KEY");

        LiveOptions.env = Map.of("PERPGUARD_OKX_KEY", KEY, "PERPGUARD_OKX_SECRET", SECRET)::get;
        r = CliRun.of("watch", "--exchange", "okx", "--rest-url", fake.restUrl());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_OKX_PASSPHRASE").doesNotContain(KEY).doesNotContain(SECRET);
    }

    @Test
    void oneWatchShowsTheUsdtAndTheCoinMarginedSwapsEachOnItsWallet() throws Exception {
        try (FakeOkx both = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).cashBal("BTC", 0.05)
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 1_500))
                .position(new FakeOkx.Pos("BTC-USD-SWAP", "net", 100, 60_000, 20, "cross", 0))) {
            both.mark("ETH-USDT-SWAP", 3_000);
            both.mark("BTC-USD-SWAP", 60_000);
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> cl.execute("watch", "--exchange", "okx", "--account", "okx-main",
                    "--rest-url", both.restUrl(), "--ws-url", both.wsUrl(), "--state", dir.toString(), "--duration", WatchCommandTest.LONG));
            // calc --exchange okx --symbol BTC-USD-SWAP --side long --entry 60000 --contracts 100 --leverage 20 --margin-mode cross
            // --wallet 0.05 with OKX's tier 1 (MMR 1 %): liquidation 46,638.5
            await(() -> out.toString().contains("46,638.5 ") && out.toString().contains("2,8"));
            ((WatchCommand) cl.getSubcommands().get("watch").getCommand()).stop();
            assertThat(f.get()).isZero();
            System.out.println(out);   // the table docs/live.md shows
            assertThat(out.toString()).contains("okx-main (okx)  wallet 10,000.00 USDT cross margin ratio")
                    .contains("wallet 0.05000000 BTC cross margin ratio 3.5 %").contains("100 × 100 USD").contains("46,638.5 ");
        }
    }

    @Test
    void aTradingKeyIsRefused() {
        fake.perm("read_only,trade");
        CliRun r = CliRun.of("watch", "--exchange", "okx", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("OKX key can trade").contains("--allow-trading-key");
    }

    @Test
    void alertsReachTheWebhookAndKeySecretPassphraseAppearNowhere() throws Exception {
        fake.echoKeyInErrors(true);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = PerpguardCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() ->
                cl.execute("watch", "--exchange", "okx", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString(),
                        "--json", "--thresholds", "80", "--webhook", hook.url(), "--duration", WatchCommandTest.LONG));
        await(() -> out.toString().contains("ETH-USDT-SWAP") && fake.subscribed("mark-price", "ETH-USDT-SWAP"));
        // 10 ETH isolated with 1,500 margin, OKX tier 1 (MMR 1 % + taker 0.05 %): 0.105 × mark against 1,500 + 10 × (mark − 3,000)
        // is 80 % at 2,887.9 and 100 % (liquidation) at 2,880.2
        fake.mark("ETH-USDT-SWAP", 2_950);
        fake.mark("ETH-USDT-SWAP", 2_884);
        // stopped once the alert is out and delivered (a fixed --duration 5 stood for this; a slow start ate into it)
        await(() -> hook.received().size() >= 1 && out.toString().contains("\"type\":\"alert\"") && out.toString().contains("\"status\":\"sent\""));
        ((WatchCommand) cl.getSubcommands().get("watch").getCommand()).stop();
        assertThat(f.get()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.path("type").asText()).isEqualTo("alert");
            assertThat(n.path("symbol").asText()).isEqualTo("ETH-USDT-SWAP");
            assertThat(n.path("venue").asText()).isEqualTo("okx");
        });
        assertThat(hook.received().get(0).body().path("symbol").asText()).isEqualTo("ETH-USDT-SWAP");

        // a wrong key: the venue's 401 quotes key and passphrase, perpguard must not
        LiveOptions.env = Map.of("PERPGUARD_OKX_KEY", KEY + "X", "PERPGUARD_OKX_SECRET", SECRET, "PERPGUARD_OKX_PASSPHRASE", PASS)::get;
        CliRun bad = CliRun.of("watch", "--exchange", "okx", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("50111").contains("***");

        List<String> haystacks = new ArrayList<>(List.of(out.toString(), err.toString(), bad.out(), bad.err()));
        hook.received().forEach(h -> haystacks.add(h.raw()));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                haystacks.add(Files.readString(p));
            }
        }
        assertThat(haystacks).hasSizeGreaterThan(5);
        for (String h : haystacks) {
            assertThat(h).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASS)
                    .doesNotContain(KEY.substring(6, 30)).doesNotContain(SECRET.substring(9, 30)).doesNotContain(PASS.substring(3, 17));
        }
    }
}
