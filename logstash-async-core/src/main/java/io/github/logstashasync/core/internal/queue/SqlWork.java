package io.github.logstashasync.core.internal.queue;

import java.sql.SQLException;

/** Database work that may fail with an {@link SQLException}; the caller turns that into a QueueException. */
@FunctionalInterface
interface SqlWork<T> {
    T run() throws SQLException;
}
