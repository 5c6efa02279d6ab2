package io.perpguard.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void test_dataDirectory_perpguardHomeWins_thenXdg_thenHome() {
        assertThat(Database.dataDirectory(Map.of("PERPGUARD_HOME", "/srv/pg", "XDG_DATA_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/srv/pg"));
        assertThat(Database.dataDirectory(Map.of("XDG_DATA_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/perpguard"));
        assertThat(Database.dataDirectory(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/perpguard"));
    }

    @Test
    void test_h2FileUrl_isAFileUrlSharedBetweenProcesses() {
        assertThat(Database.h2FileUrl(Path.of("/d/perpguard"))).isEqualTo("jdbc:h2:file:/d/perpguard;AUTO_SERVER=TRUE");
    }

    @Test
    void test_describe_masksPasswords() {
        assertThat(Database.describe("jdbc:postgresql://h/db?user=me&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=me&password=***&ssl=true");
    }

    @Test
    void test_migrate_isIdempotent() {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
            // V1 journal, V2 deleted trades
            assertThat(db.migrate().migrationsExecuted).isEqualTo(2);
            assertThat(db.migrate().migrationsExecuted).isZero();
        }
    }
}
