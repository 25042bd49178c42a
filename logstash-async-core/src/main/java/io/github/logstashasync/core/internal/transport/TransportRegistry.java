package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The transports and the TLS provider that are installed, found with {@link java.util.ServiceLoader} on the
 * module path and the class path, and looked up by id.
 */
public final class TransportRegistry {

    private final NavigableMap<String, TransportProvider> providers;
    private final TlsProvider tlsProvider;

    private TransportRegistry(Collection<? extends TransportProvider> candidates, TlsProvider tlsProvider,
            Consumer<String> errors) {
        TreeMap<String, TransportProvider> byId = new TreeMap<>();
        for (TransportProvider candidate : candidates) {
            String id;
            try {
                id = candidate.id();
            } catch (RuntimeException e) {
                errors.accept("transport provider " + candidate.getClass().getName() + " is skipped: id() failed: " + e);
                continue;
            }
            if (id == null || id.isBlank()) {
                errors.accept("transport provider " + candidate.getClass().getName() + " is skipped: it has no id");
                continue;
            }
            TransportProvider first = byId.putIfAbsent(id, candidate);
            if (first != null) {
                errors.accept("transport id '" + id + "' is provided by both " + first.getClass().getName() + " and "
                        + candidate.getClass().getName() + "; using " + first.getClass().getName());
            }
        }
        this.providers = Collections.unmodifiableNavigableMap(byId);
        this.tlsProvider = tlsProvider;
    }

    /**
     * Finds the transports and the TLS provider visible to this module's class loader.
     *
     * @param errors receives a message for each provider that cannot be loaded and each duplicate id; never null
     */
    public static TransportRegistry discover(Consumer<String> errors) {
        return discover(TransportRegistry.class.getClassLoader(), errors);
    }

    /**
     * Finds the transports and the TLS provider visible to {@code loader}: named modules of its layers, then
     * its class path ({@code META-INF/services}).
     *
     * @param loader where to look; never null
     * @param errors receives a message for each provider that cannot be loaded and each duplicate id; never null
     */
    public static TransportRegistry discover(ClassLoader loader, Consumer<String> errors) {
        Objects.requireNonNull(errors, "errors");
        List<TransportProvider> transports = ServiceDiscovery.load(TransportProvider.class, loader, errors);
        List<TlsProvider> tls = ServiceDiscovery.load(TlsProvider.class, loader, errors);
        return new TransportRegistry(transports, tls.isEmpty() ? null : tls.get(0), errors);
    }

    /**
     * Returns a registry of the given providers, without discovery; for tests and embedding.
     *
     * @param providers   the transports; the first of each id wins
     * @param tlsProvider the TLS provider; may be null
     * @param errors      receives a message for each duplicate id; never null
     */
    public static TransportRegistry of(Collection<? extends TransportProvider> providers, TlsProvider tlsProvider,
            Consumer<String> errors) {
        return new TransportRegistry(providers, tlsProvider, Objects.requireNonNull(errors, "errors"));
    }

    /** The ids of the installed transports, sorted. */
    public NavigableSet<String> ids() {
        return providers.navigableKeySet();
    }

    /**
     * Returns the transport provider with {@code id}.
     *
     * @throws InvalidOptionException naming option {@code transport} and listing the known ids when there is none
     */
    public TransportProvider provider(String id) {
        TransportProvider provider = id == null ? null : providers.get(id);
        if (provider == null) {
            throw new InvalidOptionException("transport", "unknown transport '" + id + "'; known: "
                    + String.join(", ", providers.keySet()));
        }
        return provider;
    }

    /** The first TLS provider found, or null when none is installed. */
    public TlsProvider tlsProvider() {
        return tlsProvider;
    }

    /**
     * Creates a transport of kind {@code id}, with this registry's TLS provider.
     *
     * @throws InvalidOptionException for an unknown id, an invalid option, or TLS that cannot be provided
     */
    public Transport create(String id, TransportSettings settings) {
        TransportProvider provider = provider(id);
        if (settings.tls().enabled() && !provider.supportsTls()) {
            throw TransportChecks.tlsUnsupported(id);
        }
        return provider.create(settings, tlsProvider);
    }
}
