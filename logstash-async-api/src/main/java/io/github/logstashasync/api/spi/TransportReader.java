package io.github.logstashasync.api.spi;

import java.time.Duration;
import java.util.List;

/**
 * Reads back the documents that a transport's destination holds, such as a broker's topic, for tools that show
 * what arrives (the command line's {@code listen}). Used by one thread at a time.
 */
public interface TransportReader extends AutoCloseable {

    /**
     * Waits at most {@code timeout} for documents and returns those that arrived, oldest first.
     *
     * @param timeout the longest wait; never null
     * @return the documents as text; empty when none arrived in time, never null
     * @throws TransportException when the destination cannot be read now (trying again may succeed)
     * @throws InterruptedException when the calling thread is interrupted
     */
    List<String> poll(Duration timeout) throws TransportException, InterruptedException;

    /** Stops reading and releases the connection. Never throws. */
    @Override
    void close();
}
