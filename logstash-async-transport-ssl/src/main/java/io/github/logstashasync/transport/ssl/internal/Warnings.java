package io.github.logstashasync.transport.ssl.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Where the TLS provider's warnings go: standard error by default, since the provider has no error reporter and
 * must not log through {@code java.util.logging} (that could loop back into the handler being configured).
 */
public final class Warnings {

    /** The warning for {@code sslVerify=false}. */
    public static final String INSECURE =
            "sslVerify=false: the server's certificate and host name are NOT checked; use only for testing";

    private static final Warnings STANDARD_ERROR =
            new Warnings(message -> System.err.println("logstash-async: WARNING: " + message));

    private final Consumer<String> sink;
    private final AtomicBoolean insecureWarned = new AtomicBoolean();

    /**
     * Creates warnings that go to {@code sink}, with their own once-only state.
     *
     * @param sink receives each warning's text; never null
     */
    public Warnings(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The JVM-wide instance that writes to standard error; with it, {@link #insecure()} warns once per JVM. */
    public static Warnings standardError() {
        return STANDARD_ERROR;
    }

    /** Warns that verification is off, the first time only. */
    public void insecure() {
        if (insecureWarned.compareAndSet(false, true)) {
            sink.accept(INSECURE);
        }
    }

    /** Writes {@code message}. */
    public void warn(String message) {
        sink.accept(message);
    }
}
