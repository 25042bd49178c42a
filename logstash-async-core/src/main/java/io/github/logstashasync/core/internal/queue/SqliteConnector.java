package io.github.logstashasync.core.internal.queue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens JDBC connections to a queue database through sqlite-jdbc's {@link SQLiteDataSource} (not
 * {@code DriverManager}, whose service lookup is fragile on the module path), after checking the file
 * system so that a wrong path gets an error naming it instead of SQLite's "unable to open".
 */
final class SqliteConnector {

    /** Owner read and write only: events may hold personal data. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Page size of the databases we create (SQLite's default is 4096; a database keeps the size it was created
     * with). Measured with events of about 350 characters: 8 KiB pages append about 20% and claim and delete
     * about 13% faster than 4 KiB ones (fewer pages to split, link and write per event); larger pages gained
     * nothing more.
     */
    static final int PAGE_SIZE = 8192;
    /**
     * Page cache of the queue's own connection, in KiB (SQLite's default is 2 MiB; it grows to this only as pages
     * are used). The pages of an event are written at its append and changed again at its delete, after the send:
     * up to the hand-off's 8,192 events (about 6 MB) later under load, so with 2 MiB the delete read most of them
     * back from the WAL. 16 MiB: the sending thread 2.65 to 2.1 us per event, 178k to 199k events/s median
     * (EndToEndBenchmark tcp-sqlite, defaults). The helper connections keep the default.
     */
    static final int CACHE_KIB = 16_384;

    /** Where warnings go when the caller names no place: standard error, as JUL's own ErrorManager writes. */
    static final Consumer<String> STANDARD_ERROR = message -> System.err.println("logstash-async: " + message);

    private SqliteConnector() {
    }

    /** Opens {@code path} as {@link #openReadWrite(Path, Duration, Consumer)}, with warnings to standard error. */
    static Connection openReadWrite(Path path, Duration busyTimeout) throws QueueException {
        return openReadWrite(path, busyTimeout, STANDARD_ERROR);
    }

    /**
     * Opens {@code path} for reading and writing, creating it with owner-only permissions when missing and
     * making an existing one owner-only ({@link #restrictPermissions}); sets WAL journal, {@code synchronous=NORMAL}
     * (survives a crash of the process) and the busy timeout.
     *
     * @param warnings hears about what does not stop the queue but should be fixed: files others may read
     */
    static Connection openReadWrite(Path path, Duration busyTimeout, Consumer<String> warnings)
            throws QueueException {
        checkDirectory(path);
        if (Files.isDirectory(path)) {
            throw new QueueException("the queue database " + path + " is a directory", null, false);
        }
        if (!Files.exists(path)) {
            create(path);
        } else if (!Files.isWritable(path)) {
            throw new QueueException("the queue database " + path + " is not writable", null, false);
        }
        boolean ownerOnly = restrictPermissions(path, warnings);
        SQLiteConfig config = baseConfig(busyTimeout);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setCacheSize(-CACHE_KIB);
        Connection connection = connect(path, config, "cannot open the queue database");
        try (Statement statement = connection.createStatement()) {
            // The page size first: it takes effect only while the database is still empty, and switching to WAL
            // writes the first page. On an existing database it changes nothing.
            statement.execute("PRAGMA page_size = " + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode = WAL");
            // Up to 40 MB of WAL between checkpoints on a roomy disk, far less on a small or full one.
            WalBudget.apply(connection, WalBudget.of(path));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw SqliteErrors.wrap("cannot configure the queue database", path, e);
        }
        if (ownerOnly) {
            // WAL mode made the -wal and -shm files now, if no other connection had: seen before they hold much
            restrictPermissions(path, warnings);
        }
        return connection;
    }

    /**
     * Makes the database file and its {@code -wal} and {@code -shm} files owner-only on a POSIX file system where
     * they are not: they hold the events, which may hold personal data (an existing 0644 database kept 0644, and
     * SQLite gives new -wal and -shm files the mode of the database file). A database file this process may not
     * change (another user owns it: a database shared on purpose) is left as it is, and its -wal and -shm too,
     * which its other users need; {@code warnings} hears about it, naming the file.
     *
     * @return whether the database file is owner-only now (or the file system has no POSIX permissions)
     */
    static boolean restrictPermissions(Path path, Consumer<String> warnings) {
        Path parent = path.toAbsolutePath().getParent();
        try {
            if (parent == null || !Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                return true;
            }
        } catch (IOException e) {
            return true; // the open that follows reports what is wrong with the directory
        }
        if (!restrictFile(path, warnings)) {
            return false;
        }
        restrictFile(Path.of(path + "-wal"), warnings);
        restrictFile(Path.of(path + "-shm"), warnings);
        return true;
    }

    /** Makes {@code file} owner-only if it exists and is not; returns false, having warned, if that failed. */
    private static boolean restrictFile(Path file, Consumer<String> warnings) {
        Set<PosixFilePermission> current;
        try {
            current = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            warnings.accept("cannot read the permissions of the queue database file " + file + " (" + e
                    + "); if other users may read it, they may read the events it holds");
            return false;
        }
        if (OWNER_ONLY.containsAll(current)) {
            return true;
        }
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            return true;
        } catch (IOException e) {
            warnings.accept("the queue database file " + file + " has permissions "
                    + PosixFilePermissions.toString(current) + " and cannot be made owner-only (" + e
                    + "; it belongs to another user?): other users may read the events it holds");
            return false;
        }
    }

    /** Starts one of the queue's own threads on a connection of its own. */
    @FunctionalInterface
    interface SideHelper<T> {
        /** Builds the helper on {@code connection} and starts its thread. */
        T start(Connection connection) throws SQLException;
    }

    /**
     * Opens a second connection to the queue database {@code path} (no schema work: WAL is set in the file
     * already) and starts one of the queue's own threads on it ({@link Checkpointer}, {@link ClaimPrefetcher}).
     *
     * @return the helper; null when the connection could not be opened or the helper not started (the connection
     *         is closed then): the queue works without its helpers, only slower
     */
    static <T> T startOnSideConnection(Path path, SideHelper<T> helper) {
        SQLiteConfig config = baseConfig(Duration.ofSeconds(1));
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection connection;
        try {
            connection = connect(path, config, "cannot open a second connection to the queue database");
        } catch (QueueException e) {
            return null;
        }
        try {
            return helper.start(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            return null;
        }
    }

    /**
     * Opens an existing {@code path} read-only; in WAL mode such a reader never blocks a writer. A database
     * in rollback-journal mode (as Python leaves it) is read under short shared locks, one statement at a time.
     */
    static Connection openReadOnly(Path path, Duration busyTimeout) throws QueueException {
        checkDirectory(path);
        if (!Files.isRegularFile(path)) {
            throw new QueueException("the queue database " + path + " does not exist", null, false);
        }
        if (!Files.isReadable(path)) {
            throw new QueueException("the queue database " + path + " is not readable", null, false);
        }
        SQLiteConfig config = baseConfig(busyTimeout);
        config.setReadOnly(true);
        Connection connection = connect(path, config, "cannot open the queue database (read-only)");
        try (var statement = connection.createStatement()) {
            // Fails here, not at the first query, when the file is no database.
            statement.execute("SELECT count(*) FROM sqlite_master");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw SqliteErrors.wrap("cannot read the queue database", path, e);
        }
        return connection;
    }

    private static SQLiteConfig baseConfig(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        // Not needed, and sqlite-jdbc would otherwise track the last row id of every insert.
        config.setGetGeneratedKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    private static Connection connect(Path path, SQLiteConfig config, String action) throws QueueException {
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + path);
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw SqliteErrors.wrap(action, path, e);
        }
    }

    private static void checkDirectory(Path path) throws QueueException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new QueueException("the directory of the queue database " + path + " does not exist", null,
                    false);
        }
    }

    /**
     * Creates the file before SQLite does, so it gets owner-only permissions from the start; SQLite gives its
     * {@code -wal} and {@code -shm} files the permissions of the database file.
     */
    private static void create(Path path) throws QueueException {
        try {
            if (Files.getFileStore(path.toAbsolutePath().getParent())
                    .supportsFileAttributeView("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(path);
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it first: fine, SQLite opens it
        } catch (AccessDeniedException e) {
            throw new QueueException("cannot create the queue database " + path
                    + ": permission denied in its directory", e, false);
        } catch (IOException e) {
            throw new QueueException("cannot create the queue database " + path + ": " + e, e, false);
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing after a failure: the first error is the one to report
        }
    }
}
