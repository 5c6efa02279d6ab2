package io.perpguard.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perpguard.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void test_h2FileUrl_writesEveryCommitBeforeItReturns_andOpensNoServerPort() {
        assertThat(Database.h2FileUrl(Path.of("/d/perpguard"))).isEqualTo("jdbc:h2:file:/d/perpguard;WRITE_DELAY=0");
    }

    @Test
    void test_normalise_h2File_getsWriteDelay0_mem_livesWithTheProcess_serverModesRefused() {
        assertThat(Database.normalise("jdbc:h2:file:/x/db")).isEqualTo("jdbc:h2:file:/x/db;WRITE_DELAY=0");
        assertThat(Database.normalise("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(Database.normalise("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
        assertThatThrownBy(() -> Database.normalise("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("server mode");
        assertThatThrownBy(() -> Database.normalise("jdbc:h2:tcp://0.0.0.0/x")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void test_open_makesTheDatabaseFileOwnerOnly() throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("owner"))) {
            db.migrate();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("owner.mv.db")))).isEqualTo("rw-------");
    }

    @Test
    void test_open_memUrl_survivesBetweenConnections() {
        try (Database db = Database.open("jdbc:h2:mem:pg-db-test")) {
            db.migrate();
        }
        try (Database db = Database.open("jdbc:h2:mem:pg-db-test")) {
            assertThat(db.migrate().migrationsExecuted).isZero();
        }
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
