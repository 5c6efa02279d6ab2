package io.perpguard.data.store;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * perpguard's embedded store: a JDBC database (an H2 file by default, PostgreSQL or any JDBC URL on request) whose
 * schema is kept by Flyway from {@value #MIGRATIONS} ({@code V1__journal.sql}, {@code V2__...}: every module adds
 * its tables as the next version there).
 * <p>The default database lives in the user's data directory: {@code $PERPGUARD_HOME/perpguard.mv.db} when
 * {@value #HOME_ENV} is set, else {@code $XDG_DATA_HOME/perpguard/}, else {@code ~/.local/share/perpguard/}.
 * <p>Guarantees (docs/guarantees.md): an H2 file is opened with {@code WRITE_DELAY=0}, so a commit is in the file
 * before it returns and survives a crash of the process; {@link #sync} also forces it to the device. No H2 server mode
 * ({@code AUTO_SERVER} is refused: it listens on every interface): one process per database file, a second gets a
 * clear "in use" message. The data directory is created owner-only (0700) and the database file is made 0600.
 */
public final class Database implements AutoCloseable {
    /** Where every module's Flyway migrations live on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration";
    /** Environment variable that moves the data directory. */
    public static final String HOME_ENV = "PERPGUARD_HOME";
    /** System property that moves the data directory (before {@value #HOME_ENV}; the docs-examples test sets it). */
    public static final String HOME_PROPERTY = "perpguard.home";
    /** Flyway reports every migration at INFO; keep the CLI's output clean (warnings still show). */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    /**
     * Flyway 10.20 warns on every start that H2 2.3 is newer than it has tested; the migrations here are plain SQL
     * that both handle, so that one notice is silenced.
     */
    private static final Logger FLYWAY_VERSION_NOTICE = Logger.getLogger("org.flywaydb.core.internal.database.base.Database");

    static {
        FLYWAY_LOG.setLevel(Level.WARNING);
        FLYWAY_VERSION_NOTICE.setLevel(Level.SEVERE);
    }

    private final String url;
    private final DataSource dataSource;
    /** Held open for an H2 database so it is not closed and reopened between the short-lived connections. */
    private Connection keepAlive;

    private Database(String url, String user, String password) {
        this.url = url;
        this.dataSource = new UrlDataSource(url, user, password);
    }

    //-------------------------------------------------------------------------
    /** The data directory ({@value #HOME_PROPERTY}, {@value #HOME_ENV}, XDG_DATA_HOME/perpguard or ~/.local/share/perpguard). */
    public static Path dataDirectory() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        return dataDirectory(System.getenv(), System.getProperty("user.home"));
    }

    static Path dataDirectory(java.util.Map<String, String> env, String userHome) {
        String home = env.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "perpguard").toAbsolutePath();
        }
        return Path.of(userHome, ".local", "share", "perpguard");
    }

    /** The default JDBC URL: an H2 file {@code perpguard} in {@link #dataDirectory()}. */
    public static String defaultUrl() {
        return h2FileUrl(dataDirectory().resolve("perpguard"));
    }

    /** JDBC URL of an H2 database file (without its {@code .mv.db} suffix): every commit written before it returns. */
    public static String h2FileUrl(Path fileWithoutSuffix) {
        return "jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath() + ";WRITE_DELAY=0";
    }

    /**
     * The URL perpguard actually opens: an H2 file gets {@code WRITE_DELAY=0} (commits written before they return), an
     * H2 in-memory database {@code DB_CLOSE_DELAY=-1} (it lives as long as the process, not as long as one connection);
     * H2's server modes are refused.
     */
    public static String normalise(String jdbcUrl) {
        String url = jdbcUrl.trim();
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        if (upper.contains("AUTO_SERVER=TRUE") || upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:")) {
            throw new InvalidInputException("db", "H2 server mode (AUTO_SERVER, tcp:, ssl:) is not supported: it opens a network "
                    + "port to the database; use a plain file URL (one perpguard process per file) or PostgreSQL");
        }
        if (upper.startsWith("JDBC:H2:MEM:")) {
            return upper.contains("DB_CLOSE_DELAY=") ? url : url + ";DB_CLOSE_DELAY=-1";
        }
        return upper.contains("WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0";
    }

    /**
     * Forces committed changes to the storage device (H2: {@code CHECKPOINT SYNC}; PostgreSQL's commit already is
     * durable), so an acknowledged write also survives an operating-system crash or power loss.
     */
    public static void sync(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        if (url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")) {
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                // a non-admin H2 user may not checkpoint: the commit is still in the file (WRITE_DELAY=0), crash-safe
                if (!String.valueOf(e.getMessage()).contains("Admin rights")) {
                    throw e;
                }
            }
        }
    }

    /** Makes an H2 database file (and its trace file) readable by the owner alone. */
    public static void ownerOnly(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        String rest = url.substring("jdbc:h2:".length());
        int semi = rest.indexOf(';');
        rest = semi < 0 ? rest : rest.substring(0, semi);
        int colon = rest.indexOf(':');
        if (colon > 1) {   // file:/path or another file system prefix; a Windows drive letter is one character
            rest = rest.substring(colon + 1);
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        for (String suffix : new String[]{".mv.db", ".trace.db"}) {
            Path f = Path.of(rest + suffix);
            try {
                if (Files.exists(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (UnsupportedOperationException | IOException | SecurityException e) {
                // not a POSIX file system: its own permissions apply
            }
        }
    }

    /** Opens the database at {@code jdbcUrl} (null or blank: {@link #defaultUrl()}); user and password from the URL. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * Opens a database. A connection is made at once so a wrong URL or an unreachable server is reported here, as
     * an {@link InvalidInputException} on field {@code db}.
     */
    public static Database open(String jdbcUrl, String user, String password) {
        String url = jdbcUrl == null || jdbcUrl.isBlank() ? defaultUrl() : jdbcUrl.trim();
        if (!url.startsWith("jdbc:")) {
            throw new InvalidInputException("db", "'" + url + "' is not a JDBC URL; use e.g. jdbc:h2:file:/path/perpguard "
                    + "or jdbc:postgresql://host/db?user=...");
        }
        url = normalise(url);
        if (url.equals(defaultUrl())) {
            createDataDirectory();
        }
        Database db = new Database(url, user, password);
        try {
            Connection c = Checks.notNull("connection", db.connection());
            if (db.isH2()) {
                db.keepAlive = c;
            } else {
                c.close();
            }
        } catch (SQLException e) {
            throw openFailure(url, e);
        }
        ownerOnly(url);
        return db;
    }

    /** The data directory, created readable by the owner alone. */
    public static void createDataDirectory() {
        Path dir = dataDirectory();
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("db", "cannot create the data directory " + dir + ": " + e.getMessage());
        }
    }

    /** True when the file itself failed (an I/O error, a store closed after one): not a wrong URL. */
    private static boolean brokenFile(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof IOException || m.contains("is closed") || m.contains("panic") || m.contains("file corrupted")) {
                return true;
            }
        }
        return false;
    }

    /** Why a database did not open, in one line: in use by another process, disk full, or the driver's first line. */
    public static RuntimeException openFailure(String url, Exception e) {
        String msg = firstLine(e.getMessage());
        if (msg.contains("already in use") || msg.contains("90020") || msg.toLowerCase(Locale.ROOT).contains("locked by another")) {
            return new InvalidInputException("db", describe(url) + " is in use by another perpguard process (a running desk?); "
                    + "one process per database file: stop it, use the desk's API (POST /api/journal/import), or give --db");
        }
        if (StoreFailure.classify(e) == StoreFailure.Kind.DISK_FULL || brokenFile(e)) {
            return new StoreFailure("cannot open " + describe(url), e);
        }
        return new InvalidInputException("db", "cannot open " + describe(url) + ": " + msg);
    }

    //-------------------------------------------------------------------------
    /** Applies every pending migration under {@value #MIGRATIONS}; safe to call on every start. */
    public MigrateResult migrate() {
        try {
            return Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (StoreFailure.classify(e) != StoreFailure.Kind.OTHER) {
                throw openFailure(url, e);
            }
            throw new IllegalStateException("database migration failed on " + describe(url) + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** A new connection (the caller closes it). */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String url() {
        return url;
    }

    /** True for an H2 database. */
    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** Releases the database (an H2 file is closed once its last connection is). */
    @Override
    public void close() {
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (SQLException e) {
                // closing a connection that is already gone: nothing to release
            }
            keepAlive = null;
        }
    }

    /** The URL with any password masked, for messages. */
    public static String describe(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).trim();
    }

    /** A DataSource over {@link DriverManager}: one new connection per call (the CLI opens few). */
    private static final class UrlDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;
        private PrintWriter logWriter;
        private int loginTimeout;

        UrlDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface.getName().toLowerCase(Locale.ROOT));
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
