package io.perpguard.cli;

import io.perpguard.live.LiveOptions;
import io.perpguard.live.fake.FakeBybit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code perpguard watch --exchange bybit} on an account holding a USDT and an inverse perpetual: one table, a wallet each. */
class WatchBybitInverseTest {
    static final String KEY = "bybCliInvKeyZ9x8c7v6", SECRET = "bybCliInvSecretB5n4m3q2";

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        LiveOptions.env = System::getenv;
    }

    @Test
    void oneWatchShowsTheUsdtAndTheInversePerpetualEachOnItsWallet() throws Exception {
        LiveOptions.env = Map.of("PERPGUARD_BYBIT_KEY", KEY, "PERPGUARD_BYBIT_SECRET", SECRET)::get;
        try (FakeBybit fake = new FakeBybit(KEY, SECRET).marginMode("REGULAR_MARGIN").wallet(10_000).wallet("BTC", 0.05)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0))
                .position(new FakeBybit.Pos("BTCUSD", "Buy", 10_000, 60_000, 20, 0))) {
            fake.mark("ETHUSDT", 3_000);
            fake.mark("BTCUSD", 60_000);
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = PerpguardCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> cl.execute("watch", "--exchange", "bybit", "--account", "uta",
                    "--rest-url", fake.restUrl(), "--ws-url", fake.wsUrl(), "--state", dir.toString(), "--duration", WatchCommandTest.LONG));
            // both wallets' cross ratios priced (a figure, not "-")
            java.util.regex.Pattern priced = java.util.regex.Pattern.compile("wallet 10,000\\.00 USDT cross margin ratio \\d.*wallet 0\\.05000000 BTC cross margin ratio \\d");
            await(() -> out.toString().contains("10,000 × 1 USD") && priced.matcher(out.toString()).find() && fake.subscribed("inverse", "tickers.BTCUSD"));
            ((WatchCommand) cl.getSubcommands().get("watch").getCommand()).stop();
            assertThat(f.get()).isZero();
            System.out.println(out);   // the table docs/live.md shows
            assertThat(out.toString()).contains("uta (bybit)  wallet 10,000.00 USDT cross margin ratio").contains("BTCUSD").contains("ETHUSDT");
        }
    }
}
