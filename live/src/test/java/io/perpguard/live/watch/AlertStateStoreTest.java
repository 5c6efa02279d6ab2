package io.perpguard.live.watch;

import io.perpguard.alerts.AlertState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert state across restarts: what is written is read back; a file cut short (a power loss before its blocks reached
 * the disk) no longer stops the watch from starting — it is kept aside, said once, and the state starts empty.
 */
class AlertStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void whatIsWritten_isReadBack() {
        Path file = dir.resolve("alert-state-main.json");
        AlertStateStore s = new AlertStateStore(file);
        s.save("cross", new AlertState(1, false, 0.81, 1, 1, 0.8, false));
        s.flush();
        AlertStateStore again = new AlertStateStore(file);
        assertThat(again.notice()).isNull();
        assertThat(again.load("cross").firedMask()).isEqualTo(1);
    }

    @Test
    void aFileCutShort_isKeptAside_andTheWatchStartsAfresh() throws Exception {
        for (String cut : new String[]{"{\"cross\":{\"fired\":1,\"liq", "\0\0\0\0\0\0\0\0", "[1,2]"}) {
            Path file = dir.resolve("alert-state-main.json");
            Files.writeString(file, cut);
            AlertStateStore s = new AlertStateStore(file);
            assertThat(s.load("cross")).isEqualTo(AlertState.INITIAL);
            assertThat(s.notice()).contains("alert-state-main.json was unreadable").contains("a crossing told before may be told again");
            assertThat(file).doesNotExist();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("alert-state-main.json.unreadable-")))
                        .anySatisfy(f -> assertThat(Files.readString(f)).isEqualTo(cut));
            }
            s.save("cross", new AlertState(1, false, 0.81, 1, 1, 0.8, false));
            s.flush();
            assertThat(new AlertStateStore(file).load("cross").firedMask()).as("written afresh").isEqualTo(1);
            Files.delete(file);
        }
    }
}
