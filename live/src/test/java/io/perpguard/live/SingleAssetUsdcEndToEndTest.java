package io.perpguard.live;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance single-asset mode with a USDC-margined contract: USDT and USDC are separate wallets, each margining its own
 * contracts. 2,000 USDT back a cross BTCUSDT long and 3,000 USDC a cross BTCUSDC long of the same size; exchangeInfo says
 * BTCUSDC's {@code marginAsset} is USDC. Each is priced as core prices its wallet alone, in its own currency; a USDC
 * deposit on the account stream moves only BTCUSDC; BTCUSDC's mark through 80 % alerts on the USDC wallet's subject.
 */
class SingleAssetUsdcEndToEndTest {
    static final String KEY = "usdcSingleKey4c2e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3", SECRET = "usdcSingleSecret1b3d5f7a9c2e4a6b8d0f1e3c5a7b9d";

    @TempDir
    Path dir;
    FakeWatch<FakeBinance> w;

    @BeforeEach
    void setUp() throws Exception {
        FakeBinance fake = new FakeBinance(KEY, SECRET).brackets(FakeBinance.bundledBracketsWith("BTCUSDC", "BTCUSDT"))
                .asset("USDT", 2_000, 1, 0, 0).asset("USDC", 3_000, 1, 0, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 0.5, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("BTCUSDC", "BOTH", 0.5, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("BTCUSDC", 60_000);
        w = new FakeWatch<>(fake, "single", "binance", new Credentials(KEY, SECRET), dir);
        await("both priced, each on its wallet", () -> w.last() != null && w.last().positions().size() == 2 && !w.last().stale()
                && w.last().positions().stream().allMatch(r -> Double.isFinite(r.liquidationPrice())));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private Instruments instruments() {
        return w.watcher().instruments();
    }

    private static Position btc(String symbol, double mark) {
        return new Position(symbol, Side.LONG, 0.5, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, mark);
    }

    /** One wallet as core prices it. */
    private AccountReport core(double wallet, String symbol, double mark) {
        return MarginCalculator.evaluate(new Account(wallet, List.of(btc(symbol, mark))), instruments());
    }

    private WatchView.Row row(String symbol) {
        return w.row(symbol);
    }

    private WatchView.Wallet wallet(String asset) {
        return w.last().wallets().stream().filter(x -> x.asset().equals(asset)).findFirst().orElseThrow();
    }

    @Test
    void eachMarginAssetsContractsArePricedOnItsOwnWallet_inItsCurrency() {
        AccountReport usdt = core(2_000, "BTCUSDT", 60_000), usdc = core(3_000, "BTCUSDC", 60_000);
        assertThat(instruments().get("BTCUSDC").contract().settlementCurrency()).isEqualTo("USDC");
        assertThat(w.last().assetMode()).isEqualTo("single-asset");
        assertThat(row("BTCUSDC").currency()).isEqualTo("USDC");
        assertThat(row("BTCUSDT").currency()).isEqualTo("USDT");
        assertThat(row("BTCUSDC").liquidationPrice()).isEqualTo(usdc.positions().get(0).liquidationPrice());
        assertThat(row("BTCUSDC").marginRatio()).isEqualTo(usdc.marginRatio());
        assertThat(row("BTCUSDT").liquidationPrice()).isEqualTo(usdt.positions().get(0).liquidationPrice());
        assertThat(w.last().wallets()).extracting(WatchView.Wallet::asset).containsExactly("USDT", "USDC");
        assertThat(wallet("USDC").walletBalance()).isEqualTo(3_000);
        assertThat(wallet("USDC").crossRatio()).isEqualTo(usdc.marginRatio());
        assertThat(wallet("USDT").crossRatio()).isEqualTo(usdt.marginRatio());
        // on the 2,000 USDT beside BTCUSDT (before) BTCUSDC was liquidated thousands nearer the mark
        double onUsdt = MarginCalculator.evaluate(new Account(2_000, List.of(btc("BTCUSDT", 60_000), btc("BTCUSDC", 60_000))), FakeBinance.settledIn(instruments(), "BTCUSDC", "USDT"))
                .positions().get(1).liquidationPrice();
        assertThat(row("BTCUSDC").liquidationPrice()).isLessThan(onUsdt - 1_000);
        System.out.printf("binance single-asset: BTCUSDC liquidation %.1f on its 3,000 USDC (%.1f on the USDT wallet beside BTCUSDT); BTCUSDT %.1f%n",
                row("BTCUSDC").liquidationPrice(), onUsdt, row("BTCUSDT").liquidationPrice());
    }

    @Test
    void aUsdcDepositOnTheStreamMovesOnlyTheUsdcContract() throws Exception {
        double usdtLiq = row("BTCUSDT").liquidationPrice();
        w.fake.transfer("USDC", 6_000);
        AccountReport want = core(6_000, "BTCUSDC", 60_000);
        await("BTCUSDC priced on 6,000 USDC", () -> row("BTCUSDC").liquidationPrice() == want.positions().get(0).liquidationPrice());
        assertThat(wallet("USDC").walletBalance()).isEqualTo(6_000);
        assertThat(row("BTCUSDT").liquidationPrice()).isEqualTo(usdtLiq);
    }

    @Test
    void theUsdcWalletsRatioThroughEightyPercent_alertsOnItsOwnSubject() throws Exception {
        double liq = row("BTCUSDC").liquidationPrice();
        double mark = Math.ceil(liq);
        while (core(3_000, "BTCUSDC", mark).marginRatio() >= 0.8 && mark < 60_000) {
            mark += 1;   // the highest whole mark still at or above 80 %, just below it
        }
        mark -= 1;
        assertThat(core(3_000, "BTCUSDC", mark).marginRatio()).isBetween(0.8, 1.0);
        w.fake.mark("BTCUSDC", mark);
        await("the USDC wallet's threshold alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
        LiveAlert a = w.sink.alerts.stream().filter(x -> x.kind().equals("threshold")).findFirst().orElseThrow();
        assertThat(a.subject()).isEqualTo("cross:USDC");
        assertThat(a.symbol()).isEqualTo("BTCUSDC");
        assertThat(a.message()).contains("single cross USDC: margin ratio");
        assertThat(w.sink.alerts).noneMatch(x -> x.subject().equals("cross"));   // the USDT wallet did not move
    }
}
