package io.perpguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths in the repository whichever directory a test runs in: the module's own ({@code cli/}, surefire's default) or the
 * repository root (cli's {@code doc-examples} execution, which runs every class {@code -Dtest=...} names there too). A
 * literal {@code ../samples/...} resolved outside the repository in the latter.
 */
final class Repo {
    /** The repository root, relative to the working directory: {@code .} or {@code ..}. */
    static final String ROOT = Files.isDirectory(Path.of("docs")) && Files.isDirectory(Path.of("samples")) ? "." : "..";

    private Repo() {
    }

    /** {@code relative} (e.g. {@code samples/candles/X.csv}) from the repository root, as a path from the working directory. */
    static String path(String relative) {
        return ROOT + "/" + relative;
    }
}
