package io.perpguard.server;

import io.perpguard.alerts.AlertKind;
import io.perpguard.alerts.MarginAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event stream survives a page that goes away — network down, laptop asleep, desk restarted: each {@code alert}
 * event carries the alert's id, and a stream opened with {@code Last-Event-ID} (the browser's own reconnection) or
 * {@code ?lastEventId=} first gets every alert stored after it, so none raised while the page was away is lost and none
 * it saw is sent again. Without it the page got only alerts raised while connected.
 */
class DeskStreamResumeTest {

    /** Stores an alert and hands it to the stream, as the monitor does when a threshold is crossed. */
    static DeskStore.AlertRow raise(TestDesk desk, long subId, int n) {
        DeskStore.AlertRow row = desk.server.store().addAlert("sub:" + subId, subId, null, null,
                new MarginAlert(AlertKind.THRESHOLD, 0.5, 0.51, 0.49, 1_760_000_000_000L + n * 3_600_000L, 0), "test alert " + n);
        desk.server.alertRoutes().alert(row);
        return row;
    }

    static long firstSub(TestDesk desk) {
        return desk.get("/api/subaccounts").json().get(0).get("id").asLong();
    }

    /** The ids of the alert events up to and including the one with id {@code last}. */
    static List<Long> alertIdsUpTo(SseReader r, long last) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        while (ids.isEmpty() || ids.get(ids.size() - 1) != last) {
            SseReader.Event e = r.next("alert");
            assertThat(e.id()).as("an alert event carries its alert's id").isNotNull();
            long id = Long.parseLong(e.id());
            assertThat(TestDesk.json(e.data()).get("id").asLong()).isEqualTo(id);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void test_streamOpenedWithLastEventId_getsExactlyTheAlertsMissed_thenLiveOnes() throws Exception {
        try (TestDesk desk = TestDesk.inMemory()) {
            long sub = firstSub(desk);
            long seen;
            try (SseReader a = new SseReader(desk.base, "/api/stream", null)) {
                assertThat(a.status).isEqualTo(200);
                a.next("tick");
                raise(desk, sub, 1);
                raise(desk, sub, 2);
                seen = raise(desk, sub, 3).id();
                assertThat(alertIdsUpTo(a, seen)).hasSize(3);
            }
            // the page is away: four alerts raised meanwhile
            List<Long> missed = new ArrayList<>();
            for (int i = 4; i <= 7; i++) {
                missed.add(raise(desk, sub, i).id());
            }
            try (SseReader b = new SseReader(desk.base, "/api/stream", String.valueOf(seen))) {
                b.next("tick");
                long live = raise(desk, sub, 8).id();
                List<Long> expected = new ArrayList<>(missed);
                expected.add(live);
                assertThat(alertIdsUpTo(b, live)).as("the missed alerts, oldest first, then the live one; each once").isEqualTo(expected);
            }
            // a page that opens a new stream names the id in the query (an EventSource cannot set the header)
            try (SseReader c = new SseReader(desk.base, "/api/stream?lastEventId=" + missed.get(2), null)) {
                assertThat(alertIdsUpTo(c, missed.get(3) + 1)).containsExactly(missed.get(3), missed.get(3) + 1);
            }
            // without an id: no backlog (the page fetches /api/alerts itself), live alerts only
            try (SseReader d = new SseReader(desk.base, "/api/stream", null)) {
                d.next("tick");
                long live = raise(desk, sub, 9).id();
                assertThat(alertIdsUpTo(d, live)).containsExactly(live);
            }
            assertThat(desk.get("/api/stream?lastEventId=abc").status()).isEqualTo(400);
            assertThat(desk.get("/api/stream?lastEventId=abc").json().get("field").asText()).isEqualTo("lastEventId");
            assertThat(desk.get("/api/stream?lastEventId=-3").status()).isEqualTo(400);
        }
    }

    @Test
    void test_afterARestartOnTheSameDatabase_theStreamResumesFromTheLastIdSeen(@TempDir Path dir) throws Exception {
        String url = io.perpguard.data.store.Database.h2FileUrl(dir.resolve("perpguard"));
        long seen;
        long sub;
        try (TestDesk first = new TestDesk(url)) {
            sub = firstSub(first);
            try (SseReader a = new SseReader(first.base, "/api/stream", null)) {
                a.next("tick");
                seen = raise(first, sub, 1).id();
                alertIdsUpTo(a, seen);
            }
        }
        try (TestDesk second = new TestDesk(url)) {
            long r1 = raise(second, sub, 2).id();
            long r2 = raise(second, sub, 3).id();
            assertThat(r1).as("ids go on after a restart").isGreaterThan(seen);
            try (SseReader b = new SseReader(second.base, "/api/stream", String.valueOf(seen))) {
                assertThat(alertIdsUpTo(b, r2)).containsExactly(r1, r2);
            }
        }
    }
}
