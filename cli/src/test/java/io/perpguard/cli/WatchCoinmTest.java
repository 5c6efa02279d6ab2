package io.perpguard.cli;

import io.perpguard.live.LiveOptions;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.fake.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

/**
 * {@code perpguard watch --exchange binance-coinm} against the fake COIN-M: the table in the coin (a wallet per coin,
 * calc's liquidation price), the key contract (Binance's variables, one Binance key for both futures wallets) and the
 * key-leak grep over every output, error, state file and delivered alert.
 */
class WatchCoinmTest {
    static final String KEY = "cmCliKeyA9s8d7f6g5h4j3k2l1q0w9e8r7t6y5u4i3";
    static final String SECRET = "cmCliSecretP0o9i8u7y6t5r4e3w2q1a2s3d4f5g6h";

    @TempDir
    Path dir;
    FakeBinanceCoinm fake;
    WebhookReceiver hook;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBinanceCoinm(KEY, SECRET).wallet("BTC", 0.05).wallet("ETH", 2)
                .position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0));
        fake.mark("BTCUSD_PERP", 60_000);
        hook = new WebhookReceiver();
        LiveOptions.env = Map.of("PERPGUARD_BINANCE_KEY", KEY, "PERPGUARD_BINANCE_SECRET", SECRET)::get;
    }

    @AfterEach
    void tearDown() {
        LiveOptions.env = System::getenv;
        fake.close();
        hook.close();
    }

    @Test
    void tableShowsEachCoinsWalletAndTheCoinMarginedPositionAsCalcPricesIt() throws Exception {
        Running w = start("--duration", "120");
        await(() -> w.out.toString().contains("BTCUSD_PERP") && w.out.toString().contains("46,338.5 "));
        CliRun r = w.stop();
        System.out.println(r.out());   // the table docs/live.md shows
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("coin (binance-coinm)").contains("wallet 0.05000000 BTC cross margin ratio 1.3 %")
                .contains("wallet 2.00000000 ETH").contains("100 × 100 USD").contains("46,338.5 ").contains("862.45 BTC");
    }

    @Test
    void withoutAKeyItNamesBinancesVariables() {
        LiveOptions.env = Map.<String, String>of()::get;
        CliRun r = CliRun.of("watch", "--exchange", "binance-coinm");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("PERPGUARD_BINANCE_KEY");
    }

    @Test
    void keyAndSecretNeverAppearInOutputErrorsStateFilesOrAlerts() throws Exception {
        fake.echoKeyInErrors(true);
        Running w = start("--json", "--thresholds", "1", "--webhook", hook.url(), "--duration", "120");
        // 1.33 % at entry crosses the 1 % threshold at once: an alert is raised, queued and delivered
        await(() -> hook.received().size() >= 1 && w.out.toString().contains("\"status\":\"sent\""));
        CliRun ok = w.stop();
        LiveOptions.env = Map.of("PERPGUARD_BINANCE_KEY", KEY + "X", "PERPGUARD_BINANCE_SECRET", SECRET)::get;
        CliRun bad = CliRun.of("watch", "--exchange", "binance-coinm", "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(),
                "--state", dir.toString());
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
        assertThat(ok.out()).contains("\"venue\":\"binance-coinm\"").contains("\"currency\":\"BTC\"").contains("\"contracts\":100.0")
                .contains("\"qty\":10000.0");
        for (String h : haystacks) {
            assertThat(h).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(KEY.substring(6, 30)).doesNotContain(SECRET.substring(9, 30));
        }
    }

    /** A watch in the background; {@link #stop()} ends it as its --duration would. */
    record Running(CompletableFuture<CliRun> result, StringWriter out, WatchCommand command) {
        CliRun stop() throws Exception {
            command.stop();
            return result.get();
        }
    }

    private Running start(String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", "--exchange", "binance-coinm", "--account", "coin", "--rest-url", fake.restUrl(),
                "--ws-url", fake.wsUrl(), "--state", dir.toString()));
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
