package io.perpguard.data.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The database could not do what was asked; the change was not stored. {@link #kind()} tells a full disk (HTTP 507)
 * and a database that is gone or held by another process (503) from other failures (500).
 */
public class StoreFailure extends RuntimeException {
    /** What went wrong, as far as a user can act on it. */
    public enum Kind {
        /** No space left on the device holding the database: free space, then retry (or restart). */
        DISK_FULL,
        /** The database is closed, broken after an earlier failure, or locked by another process. */
        UNAVAILABLE,
        /** Anything else. */
        OTHER
    }

    private final Kind kind;

    public StoreFailure(String what, Throwable cause) {
        super(message(what, classify(cause), cause), cause);
        this.kind = classify(cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status a server answers for this failure. */
    public int httpStatus() {
        return switch (kind) {
            case DISK_FULL -> 507;
            case UNAVAILABLE -> 503;
            case OTHER -> 500;
        };
    }

    /** Reads the cause chain: a full disk shows as an IOException deep inside H2's or the driver's exception. */
    public static Kind classify(Throwable t) {
        boolean unavailable = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("disk full") || m.contains("not enough space")
                    || m.contains("could not extend file") || m.contains("quota exceeded")) {
                return Kind.DISK_FULL;
            }
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().equals("53100") /* PostgreSQL disk_full */)) {
                return Kind.DISK_FULL;
            }
            if (m.contains("database is closed") || m.contains("already in use") || m.contains("has been closed")
                    || m.contains("connection refused") || m.contains("mvstore is closed") || m.contains("store is closed")
                    || (c instanceof SQLException s2 && s2.getSQLState() != null && s2.getSQLState().startsWith("08"))
                    || c instanceof IOException) {
                unavailable = true;
            }
        }
        return unavailable ? Kind.UNAVAILABLE : Kind.OTHER;
    }

    private static String message(String what, Kind kind, Throwable cause) {
        return switch (kind) {
            case DISK_FULL -> what + ": the disk holding the database is full; nothing was stored. Free space, then retry";
            case UNAVAILABLE -> what + ": the database is unavailable (" + firstLine(cause) + "); nothing was stored. "
                    + "Retry once the cause is fixed";
            case OTHER -> what + ": database error: " + firstLine(cause);
        };
    }

    private static String firstLine(Throwable t) {
        String s = t == null || t.getMessage() == null ? String.valueOf(t) : t.getMessage();
        int i = s.indexOf('\n');
        s = (i < 0 ? s : s.substring(0, i)).trim();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
