package io.perpguard.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk keeps no subscriber that went away: a page closed (or a laptop gone to sleep) left its stream in the list
 * until the next tick wrote to it, and a paused or finished replay publishes none — a day of reloads grew it without
 * bound. The heartbeat finds them; the list holds at most {@link AlertRoutes#MAX_CLIENTS} streams.
 */
class DeskStreamBoundTest {
    @BeforeEach
    void fastHeartbeat() {
        System.setProperty("perpguard.sse.heartbeatMs", "200");
    }

    @AfterEach
    void defaultHeartbeat() {
        System.clearProperty("perpguard.sse.heartbeatMs");
    }

    /** Waits (at most 30 s) until the desk holds {@code n} streams; returns how many it holds then. */
    static int awaitClients(TestDesk desk, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (desk.server.alertRoutes().clientCount() != n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return desk.server.alertRoutes().clientCount();
    }

    @Test
    void test_streamsClosedByTheirPages_leaveTheList_whileTheReplayIsPaused() throws Exception {
        try (TestDesk desk = TestDesk.inMemory()) {   // replay paused: no tick is published
            List<SseReader> open = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                SseReader r = new SseReader(desk.base, "/api/stream", null);
                r.next("tick");
                open.add(r);
            }
            assertThat(awaitClients(desk, 30)).isEqualTo(30);
            SseReader kept = open.remove(0);
            open.forEach(SseReader::close);
            assertThat(awaitClients(desk, 1)).as("streams left after 29 of 30 pages went away").isEqualTo(1);
            // the one still open keeps getting heartbeats
            assertThat(kept.next("heartbeat").data()).contains("ms");
            kept.close();
            assertThat(awaitClients(desk, 0)).isZero();
        }
    }

    @Test
    void test_oneStreamMoreThanTheBound_isRefused_503() throws Exception {
        try (TestDesk desk = TestDesk.inMemory()) {
            List<SseReader> open = new ArrayList<>();
            try {
                for (int i = 0; i < AlertRoutes.MAX_CLIENTS; i++) {
                    SseReader r = new SseReader(desk.base, "/api/stream", null);
                    r.next("hello");
                    open.add(r);
                }
                TestDesk.Response refused = desk.get("/api/stream");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.json().get("error").asText()).contains("too many event streams");
                open.remove(0).close();
                assertThat(awaitClients(desk, AlertRoutes.MAX_CLIENTS - 1)).isEqualTo(AlertRoutes.MAX_CLIENTS - 1);
                try (SseReader again = new SseReader(desk.base, "/api/stream", null)) {
                    assertThat(again.status).as("a freed place is taken again").isEqualTo(200);
                }
            } finally {
                open.forEach(SseReader::close);
            }
        }
    }

    /**
     * Eight pages that stop reading (a laptop asleep with the tab open: the socket stays, nothing is read) while the
     * desk publishes 2,000 ticks. Writing inline, each full socket held the monitor for Jetty's 30 s idle timeout, one
     * after the other — about 240 s in which no page got a tick or an alert and no edit returned (one frozen page:
     * 30,016 ms for one refresh, measured). Now each stream has its own writer: the page still reading gets the alert
     * raised after the ticks at once. The 120 s allowed is half the stall.
     */
    @Test
    void test_pagesThatStopReading_doNotHoldUpTheMonitorOrTheOtherPages() throws Exception {
        try (TestDesk desk = TestDesk.inMemory()) {
            List<java.net.Socket> frozen = new ArrayList<>();
            try (SseReader reading = new SseReader(desk.base, "/api/stream", null)) {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket s = new java.net.Socket();
                    s.setReceiveBufferSize(1024);
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", desk.server.port()));
                    s.getOutputStream().write("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    frozen.add(s);
                }
                assertThat(awaitClients(desk, 9)).isEqualTo(9);
                long sub = DeskStreamResumeTest.firstSub(desk);
                java.util.concurrent.atomic.AtomicLong raised = new java.util.concurrent.atomic.AtomicLong(-1);
                Thread monitor = new Thread(() -> {
                    for (int i = 0; i < 2000; i++) {
                        desk.server.monitor().refresh();
                        reading.drain();
                    }
                    raised.set(DeskStreamResumeTest.raise(desk, sub, 1).id());
                }, "ticks");
                monitor.setDaemon(true);
                monitor.start();
                SseReader.Event alert = reading.next(e -> e.name().equals("alert"), 120);
                // the event may arrive before raise() returns on the ticks thread: matched by its text, not the id it returns
                assertThat(TestDesk.json(alert.data()).get("message").asText()).isEqualTo("test alert 1");
                monitor.join(120_000);
                assertThat(Long.parseLong(alert.id())).isEqualTo(raised.get());
            } finally {
                for (java.net.Socket s : frozen) {
                    s.close();
                }
            }
        }
    }
}
