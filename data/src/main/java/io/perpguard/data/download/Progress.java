package io.perpguard.data.download;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise (logs stay readable).
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private int lastDecile = -1;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows {@code label} at {@code done} of {@code total} (any units), with a short detail. */
    public void update(String label, long done, long total, String detail) {
        double f = total <= 0 ? 1 : Math.max(0, Math.min(1, (double) done / total));
        int filled = (int) Math.round(f * WIDTH);
        String line = String.format(Locale.ROOT, "%-10s [%s%s] %3d%% %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                (int) Math.floor(f * 100), detail);
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else {
            int decile = (int) Math.floor(f * 10);
            if (decile != lastDecile) {
                out.println(line);
                lastDecile = decile;
            }
        }
    }

    /** Ends the current bar. */
    public void finish() {
        if (terminal) {
            out.println();
        }
        lastDecile = -1;
    }
}
