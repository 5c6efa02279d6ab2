package io.perpguard.live;

import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert's text prints a price at its symbol's tick, as the watch table does: BTCUSDT's coarse 0.1 tick gives
 * {@code 57,123.4} (not 57,123.40), DOGEUSDT's fine 0.00001 tick gives {@code 0.11600} (not 0.116) — in the alert the
 * watcher raises and in the webhook's body alike (chat, e-mail and the terminal print the same {@code message}).
 */
class AlertPricesAtTickTest {
    @TempDir
    Path dir;

    @Test
    void alertsPrintPricesAtTheSymbolsTick_coarseAndFine() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .brackets(FakeBinance.bundledBracketsWith("DOGEUSDT", "SOLUSDT"))
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, true, 3_000))
                .position(new FakeBinance.Pos("DOGEUSDT", "BOTH", 100_000, 0.12, 20, true, 600));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("DOGEUSDT", 0.12);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("both priced", () -> w.row("BTCUSDT") != null && w.row("DOGEUSDT") != null && !w.row("DOGEUSDT").pricingPending()
                    && Double.isFinite(w.row("DOGEUSDT").liquidationPrice()) && fake.marketConnections() == 1);
            assertThat(w.row("BTCUSDT").priceDecimals()).isEqualTo(1);
            assertThat(w.row("DOGEUSDT").priceDecimals()).isEqualTo(5);
            // BTCUSDT past its isolated liquidation price (about 57,229): the engine's threshold and liquidation alerts at the mark
            w.tick("BTCUSDT", 57_123.4);
            await("the engine's liquidation alert", () -> w.sink.alerts.stream().anyMatch(a -> "BTCUSDT".equals(a.symbol()) && a.kind().equals("liquidation")));
            // DOGEUSDT liquidated by the venue short of the engine's price: the venue's fill price in the alert
            w.tick("DOGEUSDT", 0.116);
            fake.liquidate("DOGEUSDT", "BOTH");
            await("the venue's liquidation alerted", () -> w.sink.alerts.stream().anyMatch(a -> a.message().contains("liquidated by")));

            List<LiveAlert> btc = w.sink.alerts.stream().filter(a -> "BTCUSDT".equals(a.symbol())).toList();
            assertThat(btc).extracting(LiveAlert::kind).contains("threshold", "liquidation");
            assertThat(btc).allSatisfy(a -> assertThat(a.message()).endsWith(" at mark 57,123.4"));
            assertThat(w.sink.alerts).filteredOn(a -> "DOGEUSDT".equals(a.symbol())).extracting(LiveAlert::message)
                    .containsExactly("main DOGEUSDT both: liquidated by binance at 0.11600");
            // the table's closed line prints its price at the same tick (it was 'near 0.12' at 2 decimals)
            await("DOGEUSDT closed", () -> w.last().closed().stream().anyMatch(c -> c.symbol().equals("DOGEUSDT")));
            assertThat(w.last().closed()).filteredOn(c -> c.symbol().equals("DOGEUSDT")).singleElement().satisfies(c -> {
                assertThat(c.priceDecimals()).isEqualTo(5);
                assertThat(io.perpguard.app.explain.Numbers.price(c.price(), c.priceDecimals())).isEqualTo("0.11600");
            });

            await("every alert posted", () -> w.hook.received().size() == w.sink.alerts.size());
            assertThat(w.hook.received()).extracting(r -> r.body().path("message").asText())
                    .containsExactlyInAnyOrderElementsOf(w.sink.alerts.stream().map(LiveAlert::message).toList());
        }
    }
}
