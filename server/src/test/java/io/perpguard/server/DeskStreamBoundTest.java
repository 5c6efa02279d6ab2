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
}
