package io.github.logstashasync.servlet;

import io.github.logstashasync.api.RequestContext;
import java.util.Map;

/**
 * Sets a request's fields on the current thread where the front-ends find them: the api's RequestContext, and,
 * when present and not turned off, SLF4J's MDC and Log4j's ThreadContext; {@link Scope#close()} restores all three.
 */
final class ContextBinding {

    private final boolean mdc;
    private final boolean threadContext;

    ContextBinding(boolean mdc, boolean threadContext) {
        this.mdc = mdc && Slf4jMdc.AVAILABLE;
        this.threadContext = threadContext && Log4jThreadContext.AVAILABLE;
    }

    /** Sets {@code fields} on this thread until the scope is closed, on this thread, in a {@code finally}. */
    Scope open(Map<String, String> fields) {
        // both copied before either is changed: with log4j-slf4j2-impl the MDC is the ThreadContext
        Map<String, String> mdcBefore = mdc ? Slf4jMdc.copy() : null;
        Map<String, String> threadContextBefore = threadContext ? Log4jThreadContext.copy() : null;
        RequestContext.Scope scope = RequestContext.open(fields);
        if (mdc) {
            Slf4jMdc.putAll(fields);
        }
        if (threadContext) {
            Log4jThreadContext.putAll(fields);
        }
        return new Scope(scope, mdcBefore, threadContextBefore);
    }

    /** Adds {@code fields} to those this thread has (a scope of {@link #open} restores them all). */
    void putAll(Map<String, String> fields) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            RequestContext.put(field.getKey(), field.getValue());
            if (mdc) {
                Slf4jMdc.put(field.getKey(), field.getValue());
            }
            if (threadContext) {
                Log4jThreadContext.put(field.getKey(), field.getValue());
            }
        }
    }

    /** What {@link #open} changed, to restore. */
    final class Scope implements AutoCloseable {
        private final RequestContext.Scope requestContext;
        private final Map<String, String> mdcBefore;
        private final Map<String, String> threadContextBefore;

        private Scope(RequestContext.Scope requestContext, Map<String, String> mdcBefore,
                Map<String, String> threadContextBefore) {
            this.requestContext = requestContext;
            this.mdcBefore = mdcBefore;
            this.threadContextBefore = threadContextBefore;
        }

        @Override
        public void close() {
            requestContext.close();
            if (threadContext) {
                Log4jThreadContext.restore(threadContextBefore);
            }
            if (mdc) {
                Slf4jMdc.restore(mdcBefore);
            }
        }
    }
}
