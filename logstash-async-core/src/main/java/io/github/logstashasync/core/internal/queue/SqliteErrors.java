package io.github.logstashasync.core.internal.queue;

import java.nio.file.Path;
import java.sql.SQLException;

/** Turns SQLite errors into {@link QueueException}s that name the database and say whether to retry. */
final class SqliteErrors {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    /**
     * Returns the exception for a failed {@code action} on {@code path}. A lock held by another connection
     * (busy, locked) and a full disk are transient: the worker tries again later. Everything else is not.
     */
    static QueueException wrap(String action, Path path, SQLException e) {
        int code = primaryCode(e);
        String what;
        boolean transientFailure = false;
        switch (code) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                what = "the database is locked by another connection, for longer than databaseTimeout";
                transientFailure = true;
                break;
            case SQLITE_FULL:
                what = "the disk is full";
                transientFailure = true;
                break;
            case SQLITE_NOTADB:
            case SQLITE_CORRUPT:
                what = "the file is not a SQLite database or is corrupt";
                break;
            case SQLITE_READONLY:
                what = "the database is not writable";
                break;
            case SQLITE_CANTOPEN:
                what = "the file cannot be opened (missing, or no permission)";
                break;
            default:
                what = null;
                break;
        }
        // the driver's own text only where no words of ours say what happened; the cause keeps it either way
        String message = what == null ? String.valueOf(e.getMessage()) : what;
        return new QueueException(action + " " + path + ": " + message, e, transientFailure);
    }

    /** Returns whether {@code e} says the database was locked by another connection. */
    static boolean isBusy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    private static int primaryCode(SQLException e) {
        // sqlite-jdbc reports extended result codes (e.g. SQLITE_BUSY_SNAPSHOT = 517); the low byte is the primary.
        return e.getErrorCode() & 0xff;
    }
}
