package io.perpguard.live.alert;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** An alert sink that is down, slow, or answers 500/429: the alert is kept, retried with backoff and delivered once. */
class SinkFaultsTest {
    @TempDir
    Path dir;

    /** Records every delivery result. */
    static final class Results implements Outbox.Listener {
        final List<Outbox.Delivery> delivered = new CopyOnWriteArrayList<>();
        final List<Outbox.Delivery> failed = new CopyOnWriteArrayList<>();
        final List<Outbox.Refusal> refused = new CopyOnWriteArrayList<>();

        @Override
        public void refused(Outbox.Refusal r) {
            refused.add(r);
        }

        @Override
        public void delivered(Outbox.Delivery d) {
            delivered.add(d);
        }

        @Override
        public void failed(Outbox.Delivery d) {
            failed.add(d);
        }
    }

    /** A loopback HTTP server whose answers follow a script: "drop" (no answer), a status, then 204 for good. */
    static HttpServer sink(List<String> script, List<Long> arrivals, List<String> keys) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(2));
        AtomicInteger n = new AtomicInteger();
        s.createContext("/hook", ex -> {
            try {
                ex.getRequestBody().readAllBytes();
                arrivals.add(System.nanoTime());
                int i = n.getAndIncrement();
                String step = i < script.size() ? script.get(i) : "204";
                if (step.equals("drop")) {
                    ex.close();   // the connection closes without an answer
                    return;
                }
                if (step.equals("429")) {
                    ex.getResponseHeaders().add("Retry-After", "2");
                }
                if (step.equals("204")) {
                    keys.add(ex.getRequestHeaders().getFirst("X-Perpguard-Delivery"));
                }
                ex.sendResponseHeaders(Integer.parseInt(step), -1);
                ex.close();
            } catch (Exception e) {
                // the client may have gone
            }
        });
        s.start();
        return s;
    }

    @Test
    void test_sinkDropping_then500_then429_isRetriedWithBackoff_keptOnDisk_andDeliveredOnce() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer s = sink(List.of("drop", "500", "429"), arrivals, keys);
        Results r = new Results();
        try (Outbox o = new Outbox(dir, List.of(new WebhookChannel(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/hook"), "s")), r)) {
            o.submit(OutboxTest.alert("main/cross/threshold/0.8/1"));
            await(() -> r.failed.size() == 1);
            assertThat(o.pending()).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(1));   // kept on disk
            await(() -> r.delivered.size() == 1);
            o.submit(OutboxTest.alert("main/cross/threshold/0.8/1"));   // the same crossing raised again
            assertThat(o.pending()).isEmpty();
            assertThat(o.sent()).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(4));
        } finally {
            s.stop(0);
        }
        assertThat(r.failed).extracting(Outbox.Delivery::lastError).containsExactly(
                "webhook 127.0.0.1:" + s.getAddress().getPort() + " unreachable (IOException)",
                "webhook 127.0.0.1:" + s.getAddress().getPort() + " answered HTTP 500",
                "webhook 127.0.0.1:" + s.getAddress().getPort() + " answered HTTP 429");
        assertThat(keys).containsExactly("main/cross/threshold/0.8/1");
        // backoff: 1 s after the first failure, 2 s after the second, then max(4 s, Retry-After 2 s); never sooner
        assertThat(arrivals).hasSize(4);
        assertThat(gapMs(arrivals, 0)).isGreaterThanOrEqualTo(1000);
        assertThat(gapMs(arrivals, 1)).isGreaterThanOrEqualTo(2000);
        assertThat(gapMs(arrivals, 2)).isGreaterThanOrEqualTo(4000);
    }

    private static long gapMs(List<Long> arrivals, int i) {
        return (arrivals.get(i + 1) - arrivals.get(i)) / 1_000_000;
    }

    @Test
    void test_aSinkThatHangs_neverHoldsUpSubmit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(4));
        AtomicInteger got = new AtomicInteger();
        s.createContext("/hook", ex -> {
            try {
                ex.getRequestBody().readAllBytes();
                got.incrementAndGet();
                release.await();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            } catch (Exception e) {
                // the client may have gone
            }
        });
        s.start();
        Results r = new Results();
        try (Outbox o = new Outbox(dir, List.of(new WebhookChannel(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/hook"), null)), r)) {
            // the watch thread submits while the sink holds every request: submit returns at once (it would wait here otherwise)
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < 20; i++) {
                    o.submit(OutboxTest.alert("main/cross/threshold/0.8/" + i));
                }
            });
            await(() -> got.get() >= 1);
            release.countDown();
            await(() -> r.delivered.size() == 20);
            assertThat(o.pending()).isEmpty();
        } finally {
            release.countDown();
            s.stop(0);
        }
    }

    @Test
    void test_aSinkThatAnswersHeadersThenStalls_isAFailedAttempt_notAWorkerLostForever() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.createContext("/hook", ex -> {
            try {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, 100);   // promises 100 bytes, sends 2, then nothing
                OutputStream out = ex.getResponseBody();
                out.write("ok".getBytes());
                out.flush();
                release.await();
                ex.close();
            } catch (Exception e) {
                // the client went away
            }
        });
        s.start();
        try {
            WebhookChannel ch = new WebhookChannel(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/hook"), null, Duration.ofMillis(300));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> ch.send(OutboxTest.alert("k"))).isInstanceOf(DeliveryException.class)
                            .hasMessageContaining("no complete answer within 0.3 s"));
        } finally {
            release.countDown();
            s.stop(0);
        }
    }

    @Test
    void test_aChannelFailingUnexpectedly_isAReportedFailureWithBackoff_thenDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<LiveAlert> sent = new CopyOnWriteArrayList<>();
        AlertChannel odd = new AlertChannel() {
            @Override
            public String id() {
                return "odd";
            }

            @Override
            public String describe() {
                return "odd";
            }

            @Override
            public void send(LiveAlert a) {
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("socket factory broke");
                }
                sent.add(a);
            }
        };
        Results r = new Results();
        try (Outbox o = new Outbox(dir, List.of(odd), r)) {
            o.submit(OutboxTest.alert("k1"));
            await(() -> sent.size() == 1);
            // it was retried silently every 5 s and never shown: now a failure like any other, counted and backed off
            assertThat(r.failed).singleElement().satisfies(d -> {
                assertThat(d.lastError()).isEqualTo("odd failed (IllegalStateException)");
                assertThat(d.attempts()).isEqualTo(1);
            });
            await(() -> r.delivered.size() == 1);
            assertThat(r.delivered.get(0).attempts()).isEqualTo(2);
        }
    }

    @Test
    void test_mailServerDown_isAFailedAttempt_oneLine_keptPending() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();   // closed again: nothing listens there
        }
        EmailChannel mail = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", port, "me", "pw-secret", "me@example.com", "me@example.com", false));
        assertThatThrownBy(() -> mail.send(OutboxTest.alert("k"))).isInstanceOf(DeliveryException.class)
                .hasMessage("mail to me@example.com via 127.0.0.1 failed (MailConnectException)");
        Results r = new Results();
        try (Outbox o = new Outbox(dir, List.of(mail), r)) {
            o.submit(OutboxTest.alert("k"));
            await(() -> r.failed.size() == 1);
            assertThat(o.pending()).singleElement().satisfies(d -> assertThat(d.lastError()).doesNotContain("pw-secret"));
        }
    }

    /** A loopback receiver answering {@code status} to every POST, counting them and keeping the delivered keys. */
    static HttpServer answering(AtomicInteger status, AtomicInteger requests, List<String> keys) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.createContext("/hook", ex -> {
            try {
                ex.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                int st = status.get();
                if (st / 100 == 2) {
                    keys.add(ex.getRequestHeaders().getFirst("X-Perpguard-Delivery"));
                }
                ex.sendResponseHeaders(st, -1);
                ex.close();
            } catch (Exception e) {
                // the client may have gone
            }
        });
        s.start();
        return s;
    }

    @Test
    void test_aWebhookRefusingForGood_isToldOnce_itsAlertsHeldNotRetried_andSentAfterARestart() throws Exception {
        AtomicInteger status = new AtomicInteger(401), requests = new AtomicInteger();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer s = answering(status, requests, keys);
        URI url = URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/hook");
        Results r = new Results();
        try {
            try (Outbox o = new Outbox(dir, List.of(new WebhookChannel(url, null)), r)) {
                for (int i = 0; i < 3; i++) {
                    o.submit(OutboxTest.alert("main/cross/threshold/0.8/" + i));
                }
                // every alert is kept, fsynced, in held/ — none left in pending/, where a retry would come from
                await("three alerts held, none pending", () -> o.held().size() == 3 && o.pending().isEmpty());
                assertThat(r.refused).as("told once, not once per alert").singleElement().satisfies(x -> {
                    assertThat(x.channel()).isEqualTo("webhook 127.0.0.1:" + s.getAddress().getPort());
                    assertThat(x.answer()).isEqualTo("webhook 127.0.0.1:" + s.getAddress().getPort() + " answered HTTP 401");
                    assertThat(x.message()).contains("refused for good").contains("HTTP 401").contains("held/").contains("restart");
                });
                assertThat(o.refusals()).containsExactlyElementsOf(r.refused);
                assertThat(r.failed).as("a refusal is not a 'retrying' failure").isEmpty();
                assertThat(o.held()).allSatisfy(d -> assertThat(d.lastError()).contains("HTTP 401"));
                int asked = requests.get();
                assertThat(asked).isBetween(1, 3);   // attempts already under way when the first refusal came
                // a later alert for the refusing channel is held at once: the receiver is not called again
                o.submit(OutboxTest.alert("main/cross/threshold/0.8/3"));
                await("the fourth alert held", () -> o.held().size() == 4);
                assertThat(requests.get()).isEqualTo(asked);
                assertThat(o.pending()).isEmpty();
                assertThat(r.refused).hasSize(1);
            }
            // the trader fixes the receiver and restarts: the held alerts go out, each once
            status.set(204);
            Results again = new Results();
            try (Outbox o = new Outbox(dir, List.of(new WebhookChannel(url, null)), again)) {
                await("the held alerts delivered after the restart", () -> again.delivered.size() == 4);
                assertThat(o.held()).isEmpty();
                assertThat(o.pending()).isEmpty();
                assertThat(keys).containsExactlyInAnyOrder("main/cross/threshold/0.8/0", "main/cross/threshold/0.8/1",
                        "main/cross/threshold/0.8/2", "main/cross/threshold/0.8/3");
            }
        } finally {
            s.stop(0);
        }
    }

    @Test
    void test_401_403_404_410_refuseForGood_while5xx_429_408_400_areRetried() throws Exception {
        AtomicInteger status = new AtomicInteger(), requests = new AtomicInteger();
        HttpServer s = answering(status, requests, new CopyOnWriteArrayList<>());
        try {
            WebhookChannel ch = new WebhookChannel(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/hook"), null);
            for (int st : new int[]{401, 403, 404, 410, 500, 502, 503, 429, 408, 400}) {
                status.set(st);
                boolean forGood = st == 401 || st == 403 || st == 404 || st == 410;
                assertThatThrownBy(() -> ch.send(OutboxTest.alert("k"))).as("HTTP " + st)
                        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.permanent()).as("HTTP " + st).isEqualTo(forGood))
                        .hasMessageEndingWith("answered HTTP " + st);
            }
        } finally {
            s.stop(0);
        }
    }

    @Test
    void test_aTransientFailureAfterARefusalElsewhere_keepsItsBackoff_onItsOwnChannel() throws Exception {
        // two channels: one refuses for good, the other answers 503 once: the second is retried and delivered, the first held
        AtomicInteger refusing = new AtomicInteger(403), requestsA = new AtomicInteger(), requestsB = new AtomicInteger();
        List<String> keysB = new CopyOnWriteArrayList<>();
        HttpServer a = answering(refusing, requestsA, new CopyOnWriteArrayList<>());
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        HttpServer b = sink(List.of("503"), arrivals, keysB);
        Results r = new Results();
        try (Outbox o = new Outbox(dir, List.of(new WebhookChannel(URI.create("http://127.0.0.1:" + a.getAddress().getPort() + "/hook"), null),
                new WebhookChannel(URI.create("http://127.0.0.1:" + b.getAddress().getPort() + "/hook"), null)), r)) {
            o.submit(OutboxTest.alert("main/cross/threshold/0.8/1"));
            await("refused on one channel, delivered on the other", () -> r.delivered.size() == 1 && o.held().size() == 1);
            assertThat(r.refused).singleElement().satisfies(x -> assertThat(x.answer()).endsWith("answered HTTP 403"));
            assertThat(r.failed).singleElement().satisfies(d -> assertThat(d.lastError()).endsWith("answered HTTP 503"));
            assertThat(keysB).containsExactly("main/cross/threshold/0.8/1");
            assertThat(gapMs(arrivals, 0)).isGreaterThanOrEqualTo(1000);   // the usual backoff
            assertThat(o.pending()).isEmpty();
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }
}
