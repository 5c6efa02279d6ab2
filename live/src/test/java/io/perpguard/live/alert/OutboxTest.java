package io.perpguard.live.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
    @TempDir
    Path dir;

    static LiveAlert alert(String key) {
        return new LiveAlert(key, "main", "binance", "cross", "BTCUSDT", "threshold", 0.8, 0.81, 51_000, 1, 2, "crossed");
    }

    /** A channel that fails its first {@code failures} sends, then records. */
    static final class Flaky implements AlertChannel {
        final AtomicInteger failures;
        final List<LiveAlert> sent = new CopyOnWriteArrayList<>();

        Flaky(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public String id() {
            return "flaky";
        }

        @Override
        public String describe() {
            return "flaky";
        }

        @Override
        public void send(LiveAlert a) throws DeliveryException {
            if (failures.getAndDecrement() > 0) {
                throw new DeliveryException("receiver down", 0);
            }
            sent.add(a);
        }
    }

    @Test
    void test_submit_retriesUntilAcceptedAndReportsTheFailure() throws Exception {
        Flaky ch = new Flaky(1);
        List<Outbox.Delivery> failed = new CopyOnWriteArrayList<>();
        try (Outbox o = new Outbox(dir, List.of(ch), new Outbox.Listener() {
            @Override
            public void delivered(Outbox.Delivery d) {
            }

            @Override
            public void failed(Outbox.Delivery d) {
                failed.add(d);
            }
        })) {
            o.submit(alert("k1"));
            await(() -> ch.sent.size() == 1 && o.pending().isEmpty());
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).lastError()).isEqualTo("receiver down");
            assertThat(o.pending()).isEmpty();
            assertThat(o.sent()).hasSize(1);
            assertThat(o.sent().get(0).attempts()).isEqualTo(2);
        }
    }

    @Test
    void test_submit_sameDedupeKeyIsDeliveredOnce() throws Exception {
        Flaky ch = new Flaky(0);
        try (Outbox o = new Outbox(dir, List.of(ch), null)) {
            o.submit(alert("k1"));
            await(() -> ch.sent.size() == 1);
            o.submit(alert("k1"));
            o.submit(alert("k2"));
            o.submit(alert("k3"));
            // the intake dedupes in submission order: a repeated k1 would be handed to the senders before k3 (a fixed 300 ms wait stood for this)
            await(() -> ch.sent.size() >= 3 && ch.sent.stream().anyMatch(a -> a.dedupeKey().equals("k3")));
            assertThat(ch.sent).extracting(LiveAlert::dedupeKey).containsExactly("k1", "k2", "k3");
        }
    }

    @Test
    void test_pending_survivesARestartAndIsDeliveredAfterIt() throws Exception {
        Flaky down = new Flaky(Integer.MAX_VALUE);
        try (Outbox o = new Outbox(dir, List.of(down), null)) {
            o.submit(alert("k1"));
            await(() -> o.pending().size() == 1 && o.pending().get(0).attempts() >= 1);
        }
        Flaky up = new Flaky(0);
        try (Outbox o = new Outbox(dir, List.of(up), null)) {
            assertThat(o.pending()).hasSize(1);
            await(() -> up.sent.size() == 1 && o.pending().isEmpty());
            assertThat(up.sent.get(0).message()).isEqualTo("crossed");
            assertThat(o.sent()).hasSize(1);
        }
    }

    @Test
    void test_pendingFileOfTheOldFormat_sayingMark_isDeliveredAfterARestart_withMarkPrice() throws Exception {
        // a pending file as an outbox wrote it before the payload said markPrice
        java.nio.file.Files.createDirectories(dir.resolve("pending"));
        java.nio.file.Files.writeString(dir.resolve("pending").resolve("old1.json"), """
                {"channel":"flaky","attempts":3,"nextMs":0,"lastError":"receiver down","alert":{"type":"alert","dedupeKey":"old1",\
                "account":"main","venue":"binance","subject":"cross","symbol":"BTCUSDT","kind":"threshold","threshold":0.8,\
                "marginRatio":0.8123,"mark":51234.5,"tickTimeMs":1796043702917,"raisedAtMs":1796043702950,"message":"crossed"}}""");
        Flaky up = new Flaky(0);
        try (Outbox o = new Outbox(dir, List.of(up), null)) {
            await(() -> up.sent.size() == 1 && o.pending().isEmpty());
            assertThat(up.sent.get(0).markPrice()).isEqualTo(51_234.5);
            assertThat(up.sent.get(0).dedupeKey()).isEqualTo("old1");
            assertThat(up.sent.get(0).toJson().has("mark")).isFalse();
            assertThat(up.sent.get(0).toJson().path("markPrice").asDouble()).isEqualTo(51_234.5);
            assertThat(o.sent()).hasSize(1);
        }
    }

    /** A task queued after alerts runs once every one of them has its pending file on disk (the alert state's write waits so). */
    @Test
    void test_afterQueued_runsOnceEveryAlertSubmittedBeforeIsOnDisk() throws Exception {
        Flaky down = new Flaky(Integer.MAX_VALUE);
        List<Integer> onDisk = new CopyOnWriteArrayList<>();
        try (Outbox o = new Outbox(dir, List.of(down), null)) {
            for (int i = 0; i < 100; i++) {
                o.submit(alert("k" + i));
            }
            o.afterQueued(() -> onDisk.add(o.pending().size()));
            await(() -> !onDisk.isEmpty());
        }
        assertThat(onDisk).containsExactly(100);
    }
}
