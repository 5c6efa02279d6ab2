package io.perpguard.data.cascade;

import io.perpguard.cascade.BehaviourFit;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leave-one-out over the bundled events under the bundled fit: the out-of-sample count must not fall below the one
 * docs/cascade.md states ("Out-of-sample: N/M bands inside").
 */
class CascadeValidationTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();
    private static List<BehaviourFit.Row> rows;

    /** The leave-one-out table of the bundled events under the bundled fits, computed once per test JVM. */
    static synchronized List<BehaviourFit.Row> bundledRows() {
        if (rows == null) {
            rows = new BehaviourFit(s -> INSTRUMENTS.get(s).tiers()).validate(EventFile.builtIn(), EventFile.bundledFits());
        }
        return rows;
    }

    static int[] documented() throws IOException {
        Path doc = Path.of("..", "docs", "cascade.md");
        Matcher m = Pattern.compile("Out-of-sample: \\*\\*(\\d+)/(\\d+) bands inside").matcher(Files.readString(doc));
        assertThat(m.find()).as("docs/cascade.md states 'Out-of-sample: **N/M bands inside'").isTrue();
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    @Test
    void outOfSampleBands_doNotFallBelowWhatTheDocsState() throws IOException {
        int[] doc = documented();
        int inside = 0, total = 0;
        for (BehaviourFit.Row r : bundledRows()) {
            inside += r.outSample().inside();
            total += r.outSample().total();
        }
        assertThat(total).as("bands scored").isEqualTo(doc[1]);
        assertThat(inside).as("out-of-sample bands inside").isGreaterThanOrEqualTo(doc[0]);
    }
}
