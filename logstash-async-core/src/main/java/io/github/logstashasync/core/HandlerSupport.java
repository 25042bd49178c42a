package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.transport.DestinationSettings;
import io.github.logstashasync.core.internal.transport.MultiDestinationTransport;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.io.UnsupportedEncodingException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;

/** What both handlers do alike: create the transport and formatter, and snapshot a record. */
final class HandlerSupport {

    private HandlerSupport() {
    }

    /**
     * Creates the transport the builder describes; checks options and TLS now, connects later. With several
     * destinations (or {@code resolveAll}) it is a {@link MultiDestinationTransport} over one transport per
     * destination.
     *
     * @param retry       the retry delays of a destination that failed (the pipeline's), when there are several
     * @param reporter    receives a message for each transport provider that cannot be loaded
     * @param destination receives a message for each failure and recovery of one of several destinations
     */
    static Transport createTransport(AbstractPipelineBuilder<?> builder, PipelineSettings retry, Consumer<String> reporter,
            BiConsumer<String, Throwable> destination) {
        if (builder.transport != null) {
            if (builder.destinations != null || builder.resolveAll) {
                throw new InvalidOptionException(builder.destinations != null ? "destinations" : "resolveAll",
                        "cannot be combined with a transport instance; give a transport id or provider instead");
            }
            return builder.transport;
        }
        DestinationSettings destinations = builder.destinationSettings(retry.retryInitialDelay(), retry.retryMaxDelay());
        TransportRegistry registry = TransportRegistry.discover(reporter);
        TransportProvider provider = builder.transportProvider != null ? builder.transportProvider
                : registry.provider(builder.transportId);
        TransportSettings settings = builder.transportSettings();
        Set<String> known = new TreeSet<>(provider.optionNames());
        for (String name : settings.options().keySet()) {
            if (!known.contains(name) && !provider.checksOptionNames()) {
                throw new InvalidOptionException(name, "unknown option of transport '" + provider.id() + "'"
                        + (known.isEmpty() ? "; it has no options of its own" : "; its options are " + known));
            }
        }
        TlsProvider tls = null;
        if (settings.tls().enabled()) {
            if (!provider.supportsTls()) {
                throw new InvalidOptionException("sslEnable", "transport '" + provider.id() + "' does not support TLS");
            }
            tls = registry.tlsProvider();
            if (tls == null) {
                throw new InvalidOptionException("sslEnable", "TLS needs the module io.github.logstashasync.transport.ssl "
                        + "(artifact logstash-async-transport-ssl) on the module or class path");
            }
        }
        if (destinations != null) {
            return MultiDestinationTransport.create(provider, tls, settings, destinations, destination);
        }
        return provider.create(settings, tls);
    }

    /** The option names of the builder's transport provider, or none when it cannot be found yet. */
    static Set<String> providerOptionNames(AbstractPipelineBuilder<?> builder) {
        if (builder.transportProvider != null) {
            return builder.transportProvider.optionNames();
        }
        if (builder.transport != null) {
            return Set.of();
        }
        return TransportRegistry.discover(message -> { }).provider(builder.transportId).optionNames();
    }

    /**
     * Applies the JUL handler options of {@code builder} (level, filter, formatter, encoding) to {@code handler}.
     *
     * @return the formatter that writes documents
     */
    static EventFormatter configure(Handler handler, LogstashHandlerBuilder<?> builder) {
        if (builder.errorManager != null) {
            handler.setErrorManager(builder.errorManager);
        }
        handler.setLevel(builder.level);
        handler.setFilter(builder.filter);
        if (builder.eventFormatter == null && builder.formatterOptions.isEmpty()) {
            // a JUL handler's default formatter reads its own options from logging.properties, as before
            builder.eventFormatter = new LogstashFormatter();
        }
        EventFormatter eventFormatter = LogstashPipeline.eventFormatter(builder);
        if (eventFormatter instanceof Formatter jul) {
            handler.setFormatter(jul);
        } else if (builder.formatter != null) {
            handler.setFormatter(builder.formatter);
        }
        try {
            handler.setEncoding(builder.encoding.name());
        } catch (UnsupportedEncodingException e) {
            throw new InvalidOptionException("encoding", e.getMessage());
        }
        return eventFormatter;
    }

    /** The plain JUL formatter whose output becomes the message, or null when an event formatter is configured. */
    static Formatter foreignFormatter(LogstashHandlerBuilder<?> builder) {
        return builder.eventFormatter == null ? builder.formatter : null;
    }

    /**
     * Reports a problem of a handler: to its {@link ErrorManager} when the user set one, else to standard error.
     * JUL's default {@code ErrorManager} reports only the first problem it is given and then nothing, which
     * would hide every later failure, drop and close summary.
     */
    static void report(Handler handler, String message, Throwable error, int code) {
        ErrorManager manager = handler.getErrorManager();
        if (manager == null || manager.getClass() == ErrorManager.class) {
            System.err.println(error == null ? message : message + ": " + error);
            return;
        }
        manager.error(message, error instanceof Exception e ? e : error == null ? null : new Exception(error), code);
    }

    /** Creates an instance of a class named in {@code logging.properties} (a filter or formatter). */
    static <T> T instantiate(String option, String className, Class<T> type) {
        try {
            Class<?> found = Class.forName(className.trim(), true, classLoader());
            if (!type.isAssignableFrom(found)) {
                throw new InvalidOptionException(option, className + " is not a " + type.getName());
            }
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof InvalidOptionException invalid) {
                throw invalid;
            }
            throw new InvalidOptionException(option, "cannot create " + className + ": " + e.getCause());
        } catch (ClassNotFoundException e) {
            throw new InvalidOptionException(option, "class " + className + " not found");
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InvalidOptionException(option, "cannot create " + className + ": " + e);
        } catch (InvalidOptionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidOptionException(option, "cannot create " + className + ": " + e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClassLoader.getSystemClassLoader();
    }
}
