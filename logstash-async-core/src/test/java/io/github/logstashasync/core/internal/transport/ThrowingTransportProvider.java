package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;

/** A broken plugin: its constructor throws, so that the service loader cannot instantiate it. */
public final class ThrowingTransportProvider implements TransportProvider {

    /** Fails, as a plugin with a missing dependency or a bug in its constructor does. */
    public ThrowingTransportProvider() {
        throw new IllegalStateException("broken plugin");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        throw new UnsupportedOperationException();
    }
}
