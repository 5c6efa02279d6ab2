package io.perpguard.server;

import io.perpguard.data.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database's identity (migration V7) is written once and kept: the same file reopened answers the same id, a new
 * file another, though both number their alerts from 1. The page keeps what it has read per id.
 */
final class DeskDatabaseIdTest {

    @Test
    void test_instanceId_keptAcrossRestarts_newForANewDatabase(@TempDir Path dir) {
        String url = Database.h2FileUrl(dir.resolve("perpguard"));
        String first;
        try (DeskDatabase db = DeskDatabase.open(url)) {
            first = db.instanceId();
        }
        assertThat(first).matches("[0-9a-f-]{36}");
        try (DeskDatabase db = DeskDatabase.open(url)) {
            assertThat(db.instanceId()).as("the same database, restarted").isEqualTo(first);
        }
        try (DeskDatabase db = DeskDatabase.open(Database.h2FileUrl(dir.resolve("another")))) {
            assertThat(db.instanceId()).as("another database").isNotEqualTo(first);
        }
    }

    @Test
    void test_databaseId_inHealthDeskAndTheStreamsHello() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            String id = d.get("/api/health").json().get("databaseId").asText();
            assertThat(id).isEqualTo(d.server.store().databaseId()).isNotBlank();
            assertThat(d.get("/api/desk").json().get("databaseId").asText()).isEqualTo(id);
            try (SseReader r = new SseReader(d.base, "/api/stream", null)) {
                assertThat(TestDesk.json(r.next("hello").data()).get("databaseId").asText()).isEqualTo(id);
            }
        }
    }
}
