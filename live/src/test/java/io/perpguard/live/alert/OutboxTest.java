package io.perpguard.live.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
            await(() -> ch.sent.size() == 2);
            Thread.sleep(300);
            assertThat(ch.sent).extracting(LiveAlert::dedupeKey).containsExactly("k1", "k2");
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

    static void await(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out");
    }
}
