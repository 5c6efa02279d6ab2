package io.perpguard.data.market;

import java.util.List;

/**
 * Data read from a file together with what the reader noticed (gaps, duplicates) — reported, never silently fixed.
 */
public record Loaded<T>(T data, List<String> warnings) {
    public Loaded {
        warnings = List.copyOf(warnings);
    }
}
