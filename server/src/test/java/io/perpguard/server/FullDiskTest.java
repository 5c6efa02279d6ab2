package io.perpguard.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** On a full disk the desk acknowledges nothing it did not store: 507 with a clear message, and nothing half-written. */
class FullDiskTest {
    @TempDir
    Path dir;

    @AfterEach
    void freeSpace() {
        FullDiskFileSystem.full = false;
    }

    @Test
    void test_fullDisk_writesAnswer507_nothingAcknowledgedIsLost_andTheDeskRecoversAfterRestart() {
        FullDiskFileSystem.register();
        String url = "jdbc:h2:fulldisk:" + dir.resolve("desk").toAbsolutePath();
        try (TestDesk d = new TestDesk(url)) {
            assertThat(d.post("/api/accounts", "{\"name\":\"before\"}").status()).isEqualTo(201);
            FullDiskFileSystem.full = true;
            TestDesk.Response r = d.post("/api/accounts", "{\"name\":\"while-full\"}");
            assertThat(r.status()).isIn(507, 503);
            assertThat(r.json().get("error").asText()).containsAnyOf("disk", "unavailable").contains("nothing was stored");
            TestDesk.Response again = d.post("/api/accounts", "{\"name\":\"still-full\"}");
            assertThat(again.status()).isIn(507, 503);
            TestDesk.Response journal = DeskApiTest.postCsv(d, "/api/journal/import",
                    "time,symbol,side,qty,price,realizedPnl,fee\n2025-01-01T00:00:00Z,BTCUSDT,buy,1,60000,0,0\n");
            assertThat(journal.status()).isIn(507, 503);
        }
        FullDiskFileSystem.full = false;
        try (TestDesk d = new TestDesk(url)) {
            assertThat(d.get("/api/accounts").body()).contains("before").doesNotContain("while-full").doesNotContain("still-full");
            assertThat(d.post("/api/accounts", "{\"name\":\"after\"}").status()).isEqualTo(201);
        }
    }

    @Test
    void test_fullDisk_thenSpaceFreed_theRunningDeskRecovers_withoutARestart_andKeepsWhatItAcknowledged() {
        FullDiskFileSystem.register();
        String url = "jdbc:h2:fulldisk:" + dir.resolve("desk").toAbsolutePath();
        try (TestDesk d = new TestDesk(url)) {
            assertThat(d.post("/api/accounts", "{\"name\":\"before\"}").status()).isEqualTo(201);
            FullDiskFileSystem.full = true;
            assertThat(d.post("/api/accounts", "{\"name\":\"while-full\"}").status()).isIn(507, 503);
            assertThat(d.post("/api/accounts", "{\"name\":\"still-full\"}").status()).isIn(507, 503);
            FullDiskFileSystem.full = false;
            // the first write after the space came back is stored: the desk reopens its database itself
            TestDesk.Response after = d.post("/api/accounts", "{\"name\":\"after\"}");
            assertThat(after.status()).as(after.body()).isEqualTo(201);
            assertThat(d.get("/api/accounts").body()).contains("before").contains("after").doesNotContain("while-full").doesNotContain("still-full");
            TestDesk.Response journal = DeskApiTest.postCsv(d, "/api/journal/import",
                    "time,symbol,side,qty,price,realizedPnl,fee\n2025-01-01T00:00:00Z,BTCUSDT,buy,1,60000,0,0\n");
            assertThat(journal.status()).as(journal.body()).isEqualTo(200);
        }
        try (TestDesk d = new TestDesk(url)) {
            assertThat(d.get("/api/accounts").body()).contains("before").contains("after").doesNotContain("while-full");
        }
    }
}
