package io.github.logstashasync.plugin.example;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code file} transport: appends each event as one JSON line ({@code json_lines}) to a file, a whole batch
 * per write. Options:
 * <ul>
 *   <li>{@code path} (required): the file; it and its parent directories are created at the first send.</li>
 *   <li>{@code sync} (default {@code false}): force every batch to the storage device before it counts as sent,
 *       so that a batch reported delivered survives a power failure.</li>
 *   <li>{@code charset} (the handler's {@code encoding}, default UTF-8): the encoding of the lines.</li>
 * </ul>
 * {@code host}, {@code port}, the socket timeouts and TLS do not apply. An I/O error fails the batch as
 * retryable: the events stay queued and the next send opens the file again.
 */
public final class FileTransportProvider implements TransportProvider {

    /** The id that {@code transport=file} selects. */
    public static final String ID = "file";
    /** Option {@code path}: the file to append to. */
    public static final String PATH = "path";
    /** Option {@code sync}: force each batch to the device. */
    public static final String SYNC = "sync";
    /** Default {@code sync}: off, as a log file usually is. */
    public static final boolean DEFAULT_SYNC = false;

    private static final Set<String> OPTIONS = Set.of(PATH, SYNC);

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: the work is in {@link #create}. */
    public FileTransportProvider() {
        // nothing to prepare before create()
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Checks the options and creates the transport, without opening the file yet.
     *
     * @throws InvalidOptionException naming {@code path} when it is missing or not a valid path, {@code sync} when
     *                                it is not a boolean, or the first unknown option
     */
    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        Set<String> unknown = new TreeSet<>(settings.options().keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new InvalidOptionException(unknown.iterator().next(),
                    "not an option of the file transport; known: " + String.join(", ", new TreeSet<>(OPTIONS)));
        }
        if (settings.tls().enabled()) {
            throw new InvalidOptionException("sslEnable", "the file transport does not use TLS");
        }
        String text = settings.options().get(PATH);
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException(PATH, "the file transport needs the file to write to, for example "
                    + "/var/log/app/events.json");
        }
        Path path;
        try {
            path = Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new InvalidOptionException(PATH, "'" + text + "' is not a valid path: " + e.getReason());
        }
        String syncText = settings.options().get(SYNC);
        boolean sync = syncText == null ? DEFAULT_SYNC : OptionParsers.bool(SYNC, syncText);
        return new FileTransport(path, settings.charset(), sync);
    }

    @Override
    public Set<String> optionNames() {
        return OPTIONS;
    }
}
