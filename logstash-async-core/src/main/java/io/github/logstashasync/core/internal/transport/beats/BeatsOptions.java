package io.github.logstashasync.core.internal.transport.beats;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code beats} transport's own options, parsed once from {@link TransportSettings}.
 *
 * @param compressionLevel zlib level of the compressed frame, 1 to 9; 0 sends no compressed frame
 * @param readTimeout      how long to wait for the next frame from the receiver while a window is unacknowledged
 */
record BeatsOptions(int compressionLevel, Duration readTimeout) {

    /** Option {@code compressionLevel}. */
    static final String COMPRESSION_LEVEL = "compressionLevel";
    /** Option {@code readTimeout}. */
    static final String READ_TIMEOUT = "readTimeout";
    /** Every option name of the transport. */
    static final Set<String> NAMES = Set.of(COMPRESSION_LEVEL, READ_TIMEOUT);

    /** Default {@code compressionLevel}: 6, zlib's own default balance of size and speed. */
    static final int DEFAULT_COMPRESSION_LEVEL = 6;
    /**
     * Default {@code readTimeout}: 60 s. Logstash sends a keep-alive every 5 s while it works on a window, so a
     * minute of silence means the receiver is gone.
     */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /** Parses the options of {@code settings}, naming the option in every error. */
    static BeatsOptions parse(TransportSettings settings) {
        Set<String> unknown = new TreeSet<>(settings.options().keySet());
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new InvalidOptionException(unknown.iterator().next(),
                    "not an option of the beats transport; known: " + String.join(", ", new TreeSet<>(NAMES)));
        }
        String level = settings.options().get(COMPRESSION_LEVEL);
        int compressionLevel = level == null ? DEFAULT_COMPRESSION_LEVEL
                : OptionParsers.integer(COMPRESSION_LEVEL, level, 0, 9);
        String timeout = settings.options().get(READ_TIMEOUT);
        Duration readTimeout = timeout == null ? DEFAULT_READ_TIMEOUT : OptionParsers.duration(READ_TIMEOUT, timeout);
        if (readTimeout.isZero()) {
            throw new InvalidOptionException(READ_TIMEOUT, "must be longer than 0");
        }
        return new BeatsOptions(compressionLevel, readTimeout);
    }
}
