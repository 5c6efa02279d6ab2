package io.perpguard.live.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void test_fromEnv_missingKeyNamesTheVariable() {
        assertThatThrownBy(() -> KeyLoader.fromEnv(Map.of(), KeyLoader.envPrefix("binance")))
                .isInstanceOf(KeyException.class).hasMessageContaining("PERPGUARD_BINANCE_KEY").hasMessageContaining("PERPGUARD_BINANCE_SECRET");
        assertThatThrownBy(() -> KeyLoader.fromEnv(Map.of("PERPGUARD_BINANCE_KEY", "k1"), "PERPGUARD_BINANCE"))
                .hasMessageContaining("PERPGUARD_BINANCE_SECRET").hasMessageNotContaining("k1");
    }

    @Test
    void test_fromFile_ownerOnlyIsRead() throws Exception {
        Path f = dir.resolve("k");
        Files.writeString(f, "key=abcKEY123\nsecret=xyzSECRET789\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Credentials c = KeyLoader.fromFile(f);
        assertThat(c.apiKey()).isEqualTo("abcKEY123");
        assertThat(c.toString()).doesNotContain("abc").doesNotContain("xyz");
        assertThat(c.hmacSha256Hex("x")).hasSize(64);
    }

    @Test
    void test_fromFile_groupReadableIsRefusedWithoutQuotingIt() throws Exception {
        Path f = dir.resolve("k");
        Files.writeString(f, "key=abcKEY123\nsecret=xyzSECRET789\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> KeyLoader.fromFile(f)).isInstanceOf(KeyException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining("abcKEY123").hasMessageNotContaining("xyzSECRET789");
    }

    @Test
    void test_redact_removesKeyAndSecret() {
        Credentials c = new Credentials("pubKEY42", "secretSEC42");
        assertThat(c.redact("bad key pubKEY42 with secretSEC42")).isEqualTo("bad key *** with ***");
        assertThat(c.leaksInto("... pubKEY42 ...")).isTrue();
        assertThat(c.leaksInto("nothing")).isFalse();
    }
}
