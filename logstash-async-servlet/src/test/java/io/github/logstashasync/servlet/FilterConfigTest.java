package io.github.logstashasync.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The init parameters: secrets refused, bad values named, request ids checked. */
class FilterConfigTest {

    private static FilterConfig config(Map<String, String> parameters) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "logstash";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    @Test
    void secretHeadersAreRefusedWhateverTheirCase() {
        for (String header : new String[] {"Authorization", "cookie", "Proxy-Authorization", "SET-COOKIE"}) {
            ServletException e = assertThrows(ServletException.class, () -> new LogstashRequestFilter()
                    .init(config(Map.of(LogstashRequestFilter.INCLUDE_HEADERS, "X-Tenant, " + header))));
            assertTrue(e.getMessage().startsWith("include-headers: the " + header + " header is never logged"),
                    "a message naming the parameter and the header: " + e.getMessage());
        }
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseIsNamed() {
        ServletException e = assertThrows(ServletException.class, () -> new LogstashRequestFilter()
                .init(config(Map.of(LogstashRequestFilter.ACCESS_EVENT, "yes"))));
        assertEquals("access-event: expected true or false, got 'yes'", e.getMessage());
        ServletException threadContext = assertThrows(ServletException.class, () -> new LogstashRequestFilter()
                .init(config(Map.of(LogstashRequestFilter.THREAD_CONTEXT, "on"))));
        assertEquals("thread-context: expected true or false, got 'on'", threadContext.getMessage());
    }

    @Test
    void theDefaultsNeedNoParameter() throws ServletException {
        new LogstashRequestFilter().init(config(Map.of()));
    }

    @Test
    void aClientsRequestIdIsKeptOnlyWhenItIsAShortToken() {
        assertEquals("abc-123_x.y:z", LogstashRequestFilter.requestId("abc-123_x.y:z"));
        assertTrue(LogstashRequestFilter.requestId("x".repeat(129)).matches("[0-9a-f-]{36}"), "too long");
        assertTrue(LogstashRequestFilter.requestId("a\nb").matches("[0-9a-f-]{36}"), "a line break");
        assertTrue(LogstashRequestFilter.requestId("").matches("[0-9a-f-]{36}"), "empty");
        assertTrue(LogstashRequestFilter.requestId(null).matches("[0-9a-f-]{36}"), "none");
    }
}
