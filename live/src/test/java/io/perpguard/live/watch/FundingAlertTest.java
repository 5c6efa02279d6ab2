package io.perpguard.live.watch;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.binance.BinanceUsdmConnector;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.RecordingSink;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The funding rule: a position that will pay an unusual rate soon is alerted once per funding time; one that receives is not. */
class FundingAlertTest {
    @Test
    void payingPositionIsAlertedOncePerFundingTimeAndReceivingOneIsNot() throws Exception {
        RecordingSink sink = new RecordingSink();
        List<LiveAlert> alerts = sink.alerts;
        try (FakeBinance fake = new FakeBinance("fk", "fs").wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 10, false, 0))       // long: pays a positive rate
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", -10, 3_000, 10, false, 0))) {   // short: receives it
            long soon = System.currentTimeMillis() + 10 * 60_000;
            fake.funding("BTCUSDT", 0.001, soon);
            fake.funding("ETHUSDT", 0.001, soon);
            fake.mark("BTCUSDT", 60_000);
            fake.mark("ETHUSDT", 3_000);
            BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials("fk", "fs"),
                    ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()));
            try (AccountWatcher w = new AccountWatcher("main", c, TierTables.bundled(),
                    AccountWatcher.Settings.defaults().withStaleAfter(Duration.ofSeconds(60)), null, sink)) {
                w.start();
                await(() -> fake.marketConnections() == 1);
                // marks are pushed until the alert arrives: one pushed before the snapshot or the subscription is lost by design
                int[] i = {0};
                await(() -> {
                    fake.mark("BTCUSDT", 60_000 + i[0]);
                    fake.mark("ETHUSDT", 3_000 + i[0]++ % 5);
                    return alerts.stream().anyMatch(a -> a.kind().equals("funding"));
                });
                fake.funding("BTCUSDT", 0.0001, soon);   // an ordinary rate: nothing
                fake.mark("BTCUSDT", 59_990);
                // one socket, in order: once the watcher shows this mark at the ordinary rate, every mark before it was judged
                // too (a fixed 300 ms stood for this and, on a slow run, let a repeated alert go unseen)
                await("the ordinary rate's mark judged", () -> sink.last() != null && sink.last().positions().stream()
                        .anyMatch(r -> r.symbol().equals("BTCUSDT") && r.markPrice() == 59_990 && r.fundingRate() == 0.0001));
            }
        }
        assertThat(alerts).filteredOn(a -> a.kind().equals("funding")).singleElement().satisfies(a -> {
            assertThat(a.symbol()).isEqualTo("BTCUSDT");
            assertThat(a.message()).contains("pays 60.00 USDT funding").contains("0.1000 %");
        });
        // the table's "due" has the one sign of FundingCarry.payment: positive = the position pays (the long), negative = it receives
        for (WatchView.Row r : sink.last().positions()) {
            io.perpguard.margin.Side side = r.side().equals("long") ? io.perpguard.margin.Side.LONG : io.perpguard.margin.Side.SHORT;
            assertThat(r.fundingDue()).as(r.symbol()).isEqualTo(io.perpguard.funding.FundingCarry.payment(side, r.qty() * r.markPrice(), r.fundingRate()))
                    .isNotZero();
            assertThat(Math.signum(r.fundingDue())).as(r.symbol()).isEqualTo(r.side().equals("long") ? 1.0 : -1.0);
        }
    }
}
