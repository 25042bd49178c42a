package io.github.logstashasync.core.internal.transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Loads every provider of a service that loads, reporting the ones that do not instead of giving up on all. */
final class ServiceDiscovery {

    // A broken iterator could fail on every call without moving on; stop reporting after this many errors.
    private static final int MAX_ERRORS = 32;

    private ServiceDiscovery() {
    }

    /**
     * Returns the providers of {@code service} visible to {@code loader}, in discovery order.
     *
     * @param service the service interface; core must declare {@code uses} for it
     * @param loader  where to look: named modules of its layers first, then its class path
     * @param errors  receives one message per provider that failed to load
     */
    static <S> List<S> load(Class<S> service, ClassLoader loader, Consumer<String> errors) {
        List<S> found = new ArrayList<>();
        Iterator<S> providers;
        try {
            providers = ServiceLoader.load(service, loader).iterator();
        } catch (ServiceConfigurationError e) {
            errors.accept("cannot look up " + service.getSimpleName() + "s: " + e.getMessage());
            return found;
        }
        int failures = 0;
        while (failures < MAX_ERRORS) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                // One broken plugin (missing class, throwing constructor, missing dependency) must not hide the others.
                failures++;
                errors.accept("a " + service.getSimpleName() + " could not be loaded and is skipped: " + describe(e));
            }
        }
        return found;
    }

    /** The message of {@code error} and of each cause whose message says something new. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message == null || !text.toString().contains(message)) {
                text.append("; caused by ").append(cause);
            }
        }
        return text.toString();
    }
}
