package io.github.logstashasync.servlet;

import io.github.logstashasync.api.Extras;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A servlet filter that, for the duration of a request, adds the request's fields to every event logged on its
 * behalf through any logstash-async front-end (JUL handlers, the Logback appender, the Log4j 2 appender): the
 * field names of python-logstash's Django and Flask formatters ({@code req_host}, {@code req_method},
 * {@code req_uri}, {@code req_user}, {@code req_useragent}, {@code req_remote_address}, {@code req_referer}),
 * {@code req_id}, and at the end of the request (when the chain returns, or the async request completes)
 * {@code status_code} and {@code req_duration_ms}, on the access event and on what the application's
 * {@code AsyncListener.onComplete} logs. The access event has {@code bytes} too: the body written through the
 * filter's response (its stream or writer, also from an async servlet's threads), else its Content-Length.
 *
 * <p>Init parameters (all optional):
 * <ul>
 * <li>{@value #REQUEST_ID_HEADER}: the header that carries the request id, default {@value #DEFAULT_REQUEST_ID_HEADER};
 *     without one (or with one that is not a short token) an id is generated. The id is sent back in that header.</li>
 * <li>{@value #INCLUDE_QUERY_STRING}: {@code true} to add the query string to {@code req_uri}; default false.</li>
 * <li>{@value #INCLUDE_HEADERS}: a comma-separated list of request headers to add as {@code req_header_<name>}
 *     (lower case, {@code -} as {@code _}); default none. Authorization, Proxy-Authorization and cookie headers
 *     are refused: their values are never logged.</li>
 * <li>{@value #ACCESS_EVENT}: {@code true} to log one event per request at its end, through the JUL logger
 *     {@value #ACCESS_LOGGER} (or the one named by {@value #ACCESS_LOGGER_PARAM}); default false.</li>
 * <li>{@value #MDC}: {@code false} to keep the fields out of SLF4J's MDC; by default they are put there too when
 *     slf4j-api is present (for SLF4J back-ends other than ours, and Logback's {@code AsyncAppender}).</li>
 * <li>{@value #THREAD_CONTEXT}: {@code false} to keep the fields out of Log4j 2's ThreadContext; by default they
 *     are put there too when log4j-api is present (for Log4j's async loggers, whose appenders run on another
 *     thread).</li>
 * </ul>
 *
 * <p>The user name comes only from {@link HttpServletRequest#getRemoteUser()} or the user principal, never from a
 * header. The fields are set on the thread that runs the filter and always removed before it returns; across
 * {@code AsyncContext} dispatches (map the filter for the {@code ASYNC} dispatcher too) they are set again from
 * the request, and the end-of-request fields and access event come when the async request completes.
 */
public class LogstashRequestFilter implements Filter {

    /** The init parameter naming the request id header. */
    public static final String REQUEST_ID_HEADER = "request-id-header";
    /** The init parameter that adds the query string to {@code req_uri}. */
    public static final String INCLUDE_QUERY_STRING = "include-query-string";
    /** The init parameter listing the request headers to add. */
    public static final String INCLUDE_HEADERS = "include-headers";
    /** The init parameter that turns on the access event. */
    public static final String ACCESS_EVENT = "access-event";
    /** The init parameter that puts the fields into SLF4J's MDC too, when SLF4J is there. */
    public static final String MDC = "mdc";
    /** The init parameter that puts the fields into Log4j 2's ThreadContext too, when log4j-api is there. */
    public static final String THREAD_CONTEXT = "thread-context";
    /** The init parameter naming the JUL logger of the access event. */
    public static final String ACCESS_LOGGER_PARAM = "access-logger";
    /** The default request id header. */
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-ID";
    /** The default JUL logger of the access event. */
    public static final String ACCESS_LOGGER = "io.github.logstashasync.servlet.access";

    /** Headers whose values are secrets: refused in {@value #INCLUDE_HEADERS}. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "cookie2", "set-cookie2");
    /** A request id from a client longer than this is replaced by a generated one. */
    private static final int MAX_REQUEST_ID_LENGTH = 128;
    /** The request attribute that carries a request's fields across dispatches. */
    private static final String STATE_ATTRIBUTE = LogstashRequestFilter.class.getName() + ".state";

    private String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
    private boolean includeQueryString;
    private List<String> includedHeaders = List.of();
    private boolean accessEvent;
    private ContextBinding binding = new ContextBinding(true, true);
    private Logger accessLogger = Logger.getLogger(ACCESS_LOGGER);

    /** Creates a filter with the defaults; the container's {@link #init(FilterConfig)} applies the init parameters. */
    public LogstashRequestFilter() {
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        String header = config.getInitParameter(REQUEST_ID_HEADER);
        if (header != null && !header.isBlank()) {
            requestIdHeader = header.trim();
        }
        includeQueryString = bool(config, INCLUDE_QUERY_STRING, false);
        accessEvent = bool(config, ACCESS_EVENT, false);
        binding = new ContextBinding(bool(config, MDC, true), bool(config, THREAD_CONTEXT, true));
        String logger = config.getInitParameter(ACCESS_LOGGER_PARAM);
        if (logger != null && !logger.isBlank()) {
            accessLogger = Logger.getLogger(logger.trim());
        }
        String headers = config.getInitParameter(INCLUDE_HEADERS);
        List<String> names = new ArrayList<>();
        if (headers != null) {
            for (String name : headers.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (SECRET_HEADERS.contains(trimmed.toLowerCase(Locale.ROOT))) {
                    throw new ServletException(INCLUDE_HEADERS + ": the " + trimmed
                            + " header is never logged (its value is a secret); remove it from the list");
                }
                names.add(trimmed);
            }
        }
        includedHeaders = List.copyOf(names);
    }

    private static boolean bool(FilterConfig config, String name, boolean defaultValue) throws ServletException {
        String value = config.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ServletException(name + ": expected true or false, got '" + value + "'");
        };
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        RequestState state = request.getAttribute(STATE_ATTRIBUTE) instanceof RequestState known ? known : null;
        boolean first = state == null;
        if (first) {
            state = new RequestState(fields(request), System.nanoTime());
            request.setAttribute(STATE_ATTRIBUTE, state);
            if (!response.containsHeader(requestIdHeader)) {
                response.setHeader(requestIdHeader, state.values.get("req_id"));
            }
        }
        // on an async dispatch or a forward, the container passes on the wrappers of the first dispatch
        HttpServletResponse out = CountingResponse.wraps(response) ? response : new CountingResponse(response, state);
        HttpServletRequest in = AsyncAwareRequest.wraps(request) ? request
                : new AsyncAwareRequest(request, out, state, this);
        Throwable failure = null;
        ContextBinding.Scope scope = binding.open(state.values);
        try {
            try {
                chain.doFilter(in, out);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                if (request.getDispatcherType() != DispatcherType.INCLUDE && request.isAsyncStarted()) {
                    if (!state.listening()) {
                        // started by a filter before ours, or on the unwrapped request: no bytes written there
                        state.listening(true);
                        request.getAsyncContext().addListener(new CompletionListener(state));
                    }
                } else if (first && !state.listening()) {
                    int status = response.isCommitted() || failure == null ? response.getStatus() : 500;
                    RequestState.End end = state.end(status, "HEAD".equals(request.getMethod()));
                    binding.putAll(Map.of("status_code", end.values().get("status_code"),
                            "req_duration_ms", end.values().get("req_duration_ms")));
                    logAccess(state, end);
                }
            }
        } finally {
            // never left to the next request served by this thread
            scope.close();
        }
    }

    /** Called by {@link AsyncAwareRequest} when the application starts an async cycle; returns its context. */
    AsyncContext asyncStarted(RequestState state, AsyncContext started) {
        ScopedAsyncContext scoped = state.asyncContext();
        if (scoped == null) {
            scoped = new ScopedAsyncContext(started, state, binding);
            state.asyncContext(scoped);
        } else {
            scoped.container(started);
        }
        if (!state.listening()) {
            // the first listener: it ends the request before the application's listeners run, so that they
            // see the same status and duration as the access event
            state.listening(true);
            started.addListener(new CompletionListener(state));
        }
        return scoped;
    }

    /** Logs the access event when it is on. */
    private void logAccess(RequestState state, RequestState.End end) {
        if (accessEvent && accessLogger.isLoggable(Level.INFO)) {
            Map<String, String> values = state.values;
            LogRecord record = new LogRecord(Level.INFO, values.get("req_method") + " " + values.get("req_uri") + " "
                    + end.status() + " " + end.millis() + " ms");
            record.setLoggerName(accessLogger.getName());
            record.setParameters(new Object[] {Extras.of("status_code", end.status(), "req_duration_ms", end.millis(),
                    "bytes", end.bytes())});
            record.setSourceClassName(LogstashRequestFilter.class.getName());
            record.setSourceMethodName("doFilter");
            accessLogger.log(record);
        }
    }

    /** The request's fields, in the order of the Django formatter's, with the configured extras. */
    Map<String, String> fields(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("req_id", requestId(request.getHeader(requestIdHeader)));
        values.put("req_host", orEmpty(request.getServerName()));
        values.put("req_method", orEmpty(request.getMethod()));
        StringBuffer uri = request.getRequestURL();
        String query = request.getQueryString();
        if (includeQueryString && query != null && !query.isEmpty()) {
            uri.append('?').append(query);
        }
        values.put("req_uri", uri.toString());
        values.put("req_user", user(request));
        values.put("req_useragent", orEmpty(request.getHeader("User-Agent")));
        values.put("req_remote_address", orEmpty(request.getRemoteAddr()));
        values.put("req_referer", orEmpty(request.getHeader("Referer")));
        for (String header : includedHeaders) {
            List<String> headerValues = Collections.list(request.getHeaders(header));
            if (!headerValues.isEmpty()) {
                values.put("req_header_" + header.toLowerCase(Locale.ROOT).replace('-', '_'),
                        String.join(", ", headerValues));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null) {
            Principal principal = request.getUserPrincipal();
            user = principal == null ? null : principal.getName();
        }
        return orEmpty(user);
    }

    /** The client's id when it is a short token (no spaces, quotes or control characters), else a new one. */
    static String requestId(String fromClient) {
        if (fromClient != null && !fromClient.isEmpty() && fromClient.length() <= MAX_REQUEST_ID_LENGTH) {
            boolean token = true;
            for (int i = 0; i < fromClient.length() && token; i++) {
                char c = fromClient.charAt(i);
                token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.:/+=@".indexOf(c) >= 0;
            }
            if (token) {
                return fromClient;
            }
        }
        return UUID.randomUUID().toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Ends an async request when it completes, on the container's thread, with the request's fields set. */
    private final class CompletionListener implements AsyncListener {
        private final RequestState state;

        CompletionListener(RequestState state) {
            this.state = state;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            RequestState.End end = state.end(ScopedAsyncContext.status(event), ScopedAsyncContext.head(event));
            ContextBinding.Scope scope = binding.open(end.values());
            try {
                logAccess(state, end);
            } finally {
                scope.close();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows, with the status the container set
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new async cycle of the same request (startAsync on an async dispatch) keeps its listeners only
            // when they register again
            event.getAsyncContext().addListener(this);
        }
    }
}
