package io.github.logstashasync.servlet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request's fields, start, body size and end, kept in a request attribute across its dispatches; read and
 * written by the container's threads and by those an async servlet writes its response from.
 */
final class RequestState {

    /** The fields set while the request is served. */
    final Map<String, String> values;
    /** The bytes of the body written through the filter's response, on any thread. */
    final AtomicLong bytes = new AtomicLong();
    private final long startNanos;
    /** The Content-Length the application set, or -1. */
    private volatile long declaredLength = -1;
    /** Whether a completion listener ends the request; only touched by the threads that dispatch it. */
    private volatile boolean listening;
    private volatile End end;
    /** The AsyncContext handed to the application, for the filter's request wrapper. */
    private volatile ScopedAsyncContext asyncContext;

    RequestState(Map<String, String> values, long startNanos) {
        this.values = values;
        this.startNanos = startNanos;
    }

    /** The end of a request: its status, duration, and its fields with those two. */
    record End(int status, long millis, long bytes, Map<String, String> values) {
    }

    /** Ends the request once: later calls return the first end, whatever status they give. */
    synchronized End end(int status, boolean head) {
        if (end == null) {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            long counted = bytes.get();
            long body = head ? 0 : counted > 0 ? counted : Math.max(0, declaredLength);
            Map<String, String> withEnd = new LinkedHashMap<>(values);
            withEnd.put("status_code", Integer.toString(status));
            withEnd.put("req_duration_ms", Long.toString(millis));
            end = new End(status, millis, body, Collections.unmodifiableMap(withEnd));
        }
        return end;
    }

    /** The end, or null while the request is served. */
    End ended() {
        return end;
    }

    void declareLength(long length) {
        declaredLength = length;
    }

    /** Forgets what was written: the response was reset before it was committed. */
    void reset(boolean headersToo) {
        bytes.set(0);
        if (headersToo) {
            declaredLength = -1;
        }
    }

    boolean listening() {
        return listening;
    }

    void listening(boolean value) {
        listening = value;
    }

    ScopedAsyncContext asyncContext() {
        return asyncContext;
    }

    void asyncContext(ScopedAsyncContext context) {
        asyncContext = context;
    }
}
