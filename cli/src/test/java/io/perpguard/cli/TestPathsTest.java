package io.perpguard.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cli's tests pass from either working directory: the module's, and the repository root of the {@code doc-examples}
 * execution, which {@code -Dtest=ClearMessagesTest} runs the class in too — where a literal ../samples path named a
 * directory beside the repository and the test failed ("file ../samples/... does not exist"). Repository files are
 * named through {@link Repo}, never by a literal path that climbs out of the module.
 */
class TestPathsTest {
    private static final Pattern CLIMBS_OUT = Pattern.compile("(?<!resolve\\()\"\\.\\./(samples|docs|data|core|server)/");   // SHARED.resolve("../docs"): from the samples

    @Test
    void noTestNamesARepositoryFileRelativeToTheModuleDirectory() throws Exception {
        Path sources = Path.of(Repo.path("cli/src/test/java/io/perpguard/cli"));
        assertThat(sources).isDirectory();
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (CLIMBS_OUT.matcher(lines.get(i)).find()) {
                        bad.add(f.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(bad).as("use Repo.path(\"samples/...\"): these resolve only from cli/").isEmpty();
    }

    @Test
    void repoRoot_holdsTheSamples_fromThisWorkingDirectory() {
        assertThat(Path.of(Repo.path("samples/candles/BTCUSDT-1h-futures-2023.csv"))).isRegularFile();
        assertThat(Path.of(Repo.path("docs/examples/trader-b.json"))).isRegularFile();
    }
}
