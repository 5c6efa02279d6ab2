package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calculators' jar alone ({@code cli/target/perpguard.jar} without the desk's and the Kafka job's plugin jars, which
 * carried the only logging configuration) keeps the libraries quiet: {@code journal list} printed Flyway's INFO lines
 * and its "upgrade recommended" WARN on stderr before its own output — a bad journal row's one error line came fourth.
 */
class CliAloneLoggingTest {
    @TempDir
    Path dir;

    /** This JVM's class path without the server and stream modules (test-scoped here, plugin jars at run time). */
    static String classPathWithoutPlugins() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').matches(".*(/server/target/|/stream/target/|perpguard-server|perpguard-stream).*"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void journal_withoutThePlugins_printsNoLibraryLogLines() throws IOException, InterruptedException {
        String cp = classPathWithoutPlugins();
        assertThat(cp).doesNotContain("server/target").isNotEmpty();
        Path err = dir.resolve("err.txt"), out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "io.perpguard.cli.Main", "journal", "list", "--db", "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath())
                .redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("0 round-trip trades");
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).as("stderr").isEmpty();
    }

    /** The cli's logging configuration is the desk's: whichever jar comes first on the class path, the desk logs the same. */
    @Test
    void theCliLogsAsTheDeskDoes() throws IOException {
        List<String> cli = Files.readAllLines(Path.of(Repo.path("cli/src/main/resources/simplelogger.properties")));
        assertThat(cli).isEqualTo(Files.readAllLines(Path.of(Repo.path("server/src/main/resources/simplelogger.properties"))));
    }
}
