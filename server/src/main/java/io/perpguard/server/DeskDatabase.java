package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.data.store.Database;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import io.perpguard.data.store.StoreFailure;
import org.h2.jdbcx.JdbcConnectionPool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The desk's database: any JDBC URL (embedded H2 file by default, PostgreSQL accepted), its schema under Flyway
 * migrations {@code classpath:db/desk} with their own history table {@code desk_schema_history}, so the desk's
 * tables and the trade journal's can share one database without touching each other's migrations.
 */
public final class DeskDatabase implements AutoCloseable {
    /** Flyway history table of the desk's migrations. */
    public static final String HISTORY_TABLE = "desk_schema_history";

    private final String url;
    private final String user;
    private final String password;
    private volatile JdbcConnectionPool h2Pool;
    private volatile boolean closed;
    private String instanceId;

    private DeskDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.h2Pool = url.startsWith("jdbc:h2:") ? pool() : null;
    }

    private JdbcConnectionPool pool() {
        JdbcConnectionPool p = JdbcConnectionPool.create(url, user, password);
        p.setMaxConnections(16);
        return p;
    }

    /**
     * After a write failed because the disk was full or the database went away: drops the pooled connections, so the
     * next request reopens the database (H2 closes its file after such an I/O error) and the running desk works again
     * as soon as writes succeed, without a restart. Nothing acknowledged is touched: the file holds every commit.
     */
    void reopenAfter(StoreFailure failure) {
        if (failure.kind() != StoreFailure.Kind.OTHER) {
            reopen();
        }
    }

    private void reopen() {
        synchronized (this) {
            JdbcConnectionPool old = h2Pool;
            if (old != null && !closed) {
                h2Pool = pool();
                old.dispose();
            }
        }
    }

    /**
     * Opens the database and applies pending migrations (creating the schema and the demo account on first use).
     * Credentials come from {@code PERPGUARD_DB_USER} / {@code PERPGUARD_DB_PASSWORD} (H2 default: empty user and password).
     */
    public static DeskDatabase open(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new InvalidInputException("db", "'" + url + "' is not a JDBC URL (e.g. jdbc:h2:file:/path/desk)");
        }
        url = Database.normalise(url);
        // H2: the empty user, as the journal's Database connects, so both open the same file
        String user = envOr("PERPGUARD_DB_USER", url.startsWith("jdbc:h2:") ? "" : null);
        String password = envOr("PERPGUARD_DB_PASSWORD", url.startsWith("jdbc:h2:") ? "" : null);
        // the trade journal's tables first (its Flyway history expects to find an empty schema the first time)
        try (Database journal = Database.open(url, user, password)) {
            journal.migrate();
        }
        DeskDatabase db = new DeskDatabase(url, user, password);
        try {
            Flyway.configure(DeskDatabase.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations("classpath:db/desk")
                    .table(HISTORY_TABLE)
                    // another component (the trade journal) may already have tables here: start our history at 0
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            db.close();
            throw Database.openFailure(url, e);
        }
        try {
            db.instanceId = db.readOrCreateInstanceId();
        } catch (SQLException e) {
            db.close();
            throw Database.openFailure(url, e);
        }
        return db;
    }

    /**
     * This database's identity: a random id written the first time the desk opens it (migration V7), the same on every
     * later start. A new database — the file deleted, or another {@code --db} — has another, though its alert ids
     * start at 1 again; the page keeps what it has read per database id.
     */
    public String instanceId() {
        return instanceId;
    }

    private String readOrCreateInstanceId() throws SQLException {
        try (Connection c = connect()) {
            String id = storedInstanceId(c);
            if (id != null) {
                return id;
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("insert into desk_instance (slot, id) values (1, ?)")) {
                ps.setString(1, java.util.UUID.randomUUID().toString());
                ps.executeUpdate();
            } catch (SQLException e) {
                // SQLState class 23: another desk process wrote it first; its id stands
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
            }
            Database.sync(c);
            return storedInstanceId(c);
        }
    }

    private static String storedInstanceId(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("select id from desk_instance where slot = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A new connection (pooled for H2); the caller closes it. */
    public Connection connect() throws SQLException {
        if (closed) {   // a late writer must not open the file again once the desk has let go of it
            throw new SQLException("the desk's database is closed", "08003");
        }
        JdbcConnectionPool p = h2Pool;
        if (p != null) {
            try {
                return p.getConnection();
            } catch (SQLException e) {
                if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                    throw e;
                }
                // H2 closed the file after an I/O error (a full disk) and has now let go of it: open it afresh, once
                reopen();
                return h2Pool.getConnection();
            }
        }
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    public String url() {
        return url;
    }

    /**
     * The default database: perpguard's store in the user's data directory ({@link Database#defaultUrl()}, shared with
     * the trade journal; one process at a time, so while the desk runs journal imports go through its API).
     */
    public static String defaultUrl() {
        return Database.defaultUrl();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v != null ? v : fallback;
    }

    @Override
    public void close() {
        JdbcConnectionPool p;
        synchronized (this) {
            closed = true;
            p = h2Pool;
        }
        if (p != null) {
            p.dispose();
        }
    }
}
