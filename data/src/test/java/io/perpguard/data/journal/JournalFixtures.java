package io.perpguard.data.journal;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Hand-made journal files under src/test/resources/journal. */
final class JournalFixtures {
    private JournalFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(JournalFixtures.class.getResource("/journal/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
