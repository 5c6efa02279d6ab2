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
 * It is opened with {@code AUTO_SERVER=TRUE} so the CLI and a running {@code perpguard serve} can share it.
 */
public final class Database implements AutoCloseable {
    /** Where every module's Flyway migrations live on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration";
    /** Environment variable that moves the data directory. */
    public static final String HOME_ENV = "PERPGUARD_HOME";
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
    /** The data directory ({@value #HOME_ENV}, XDG_DATA_HOME/perpguard or ~/.local/share/perpguard). */
    public static Path dataDirectory() {
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

    /** JDBC URL of an H2 database file (without its {@code .mv.db} suffix), shareable between processes. */
    public static String h2FileUrl(Path fileWithoutSuffix) {
        return "jdbc:h2:file:" + fileWithoutSuffix.toAbsolutePath() + ";AUTO_SERVER=TRUE";
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
        if (url.startsWith("jdbc:h2:file:") && url.equals(defaultUrl())) {
            try {
                Files.createDirectories(dataDirectory());
            } catch (IOException e) {
                throw new InvalidInputException("db", "cannot create the data directory " + dataDirectory() + ": " + e.getMessage());
            }
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
            throw new InvalidInputException("db", "cannot open " + describe(url) + ": " + firstLine(e.getMessage()));
        }
        return db;
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
