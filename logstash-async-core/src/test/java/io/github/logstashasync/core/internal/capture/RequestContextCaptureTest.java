package io.github.logstashasync.core.internal.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.RequestContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JUL event's context data is the thread's RequestContext at the call, and only while it is open. */
class RequestContextCaptureTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    @Test
    void theRequestFieldsAtTheCallAreTheEventsContextData() {
        LogEvent during;
        LogEvent afterPut;
        RequestContext.Scope scope = RequestContext.open(Map.of("req_id", "r-1"));
        try {
            during = EventCapture.capture(new LogRecord(Level.INFO, "during"), false);
            RequestContext.put("status_code", "404");
            afterPut = EventCapture.capture(new LogRecord(Level.INFO, "after put"), false);
        } finally {
            scope.close();
        }
        LogEvent after = EventCapture.capture(new LogRecord(Level.INFO, "after"), false);
        assertEquals(Map.of("req_id", "r-1"), during.context(), "a later put does not change a captured event");
        assertEquals(Map.of("req_id", "r-1", "status_code", "404"), afterPut.context());
        assertTrue(after.context().isEmpty(), "nothing after the scope is closed: " + after.context());
    }

    @Test
    void closingAScopeRestoresTheFieldsBeforeIt() {
        RequestContext.Scope outer = RequestContext.open(Map.of("job", "nightly"));
        RequestContext.Scope inner = RequestContext.open(Map.of("req_id", "r-2"));
        assertEquals(Map.of("req_id", "r-2"), RequestContext.current());
        inner.close();
        assertEquals(Map.of("job", "nightly"), RequestContext.current());
        outer.close();
        assertTrue(RequestContext.current().isEmpty());
    }

    @Test
    void aWrappedTaskRunsWithTheFieldsOfWhenItWasWrapped() throws Exception {
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        Runnable task;
        RequestContext.Scope scope = RequestContext.open(Map.of("req_id", "r-3"));
        try {
            task = RequestContext.wrap(() -> seen.put("during", RequestContext.current()));
        } finally {
            scope.close();
        }
        Thread other = new Thread(() -> {
            task.run();
            seen.put("after", RequestContext.current());
        });
        other.start();
        other.join(5000);
        assertEquals(Map.of("req_id", "r-3"), seen.get("during"), "the task runs with the wrapping thread's fields");
        assertEquals(Map.of(), seen.get("after"), "the other thread gets its own (no) fields back");
        assertTrue(RequestContext.current().isEmpty());
    }

    @Test
    void aContextThatHoldsEveryRequestFieldIsTakenAsItIsElseTheFieldsGoUnderIt() {
        RequestContext.Scope scope = RequestContext.open(Map.of("req_id", "r-2", "req_method", "GET"));
        try {
            // what the servlet filter makes: the same fields in the MDC too, beside the application's own
            Map<String, String> mdc = Map.of("req_id", "r-2", "req_method", "GET", "tenant", "acme");
            org.junit.jupiter.api.Assertions.assertSame(mdc, RequestContext.mergeInto(mdc), "no copy on every call");
            Map<String, String> partial = Map.of("req_id", "mdc-wins", "tenant", "acme");
            assertEquals(Map.of("req_id", "mdc-wins", "req_method", "GET", "tenant", "acme"),
                    RequestContext.mergeInto(partial), "a field the context lacks is added; its own value wins");
        } finally {
            scope.close();
        }
    }
}
