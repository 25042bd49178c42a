package io.github.logstashasync.servlet;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.RequestContext;
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
 * {@code req_id}, and at the end of the request {@code status_code} and {@code req_duration_ms}.
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
    private static final String FIELDS_ATTRIBUTE = LogstashRequestFilter.class.getName() + ".fields";

    private String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
    private boolean includeQueryString;
    private List<String> includedHeaders = List.of();
    private boolean accessEvent;
    private boolean mdc = Slf4jMdc.AVAILABLE;
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
        mdc = Slf4jMdc.AVAILABLE && bool(config, MDC, true);
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
        RequestFields fields = request.getAttribute(FIELDS_ATTRIBUTE) instanceof RequestFields known ? known : null;
        boolean first = fields == null;
        if (first) {
            fields = new RequestFields(fields(request), System.nanoTime());
            request.setAttribute(FIELDS_ATTRIBUTE, fields);
            if (!response.containsHeader(requestIdHeader)) {
                response.setHeader(requestIdHeader, fields.values.get("req_id"));
            }
        }
        Throwable failure = null;
        RequestContext.Scope scope = RequestContext.open(fields.values);
        Map<String, String> mdcBefore = mdc ? Slf4jMdc.push(fields.values) : null;
        try {
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                if (request.getDispatcherType() != DispatcherType.INCLUDE && request.isAsyncStarted()) {
                    if (!fields.listening) {
                        fields.listening = true;
                        RequestFields asyncFields = fields;
                        request.getAsyncContext().addListener(new CompletionListener(asyncFields));
                    }
                } else if (first && !fields.listening) {
                    end(fields, response.isCommitted() || failure == null ? response.getStatus() : 500);
                }
            }
        } finally {
            // never left to the next request served by this thread
            scope.close();
            if (mdc) {
                Slf4jMdc.restore(mdcBefore);
            }
        }
    }

    /** Adds the end-of-request fields to the current thread's, and logs the access event when it is on. */
    private void end(RequestFields fields, int status) {
        long millis = (System.nanoTime() - fields.startNanos) / 1_000_000;
        RequestContext.put("status_code", Integer.toString(status));
        RequestContext.put("req_duration_ms", Long.toString(millis));
        if (mdc) {
            Slf4jMdc.put("status_code", Integer.toString(status));
            Slf4jMdc.put("req_duration_ms", Long.toString(millis));
        }
        if (accessEvent && accessLogger.isLoggable(Level.INFO)) {
            Map<String, String> values = fields.values;
            LogRecord record = new LogRecord(Level.INFO, values.get("req_method") + " " + values.get("req_uri") + " "
                    + status + " " + millis + " ms");
            record.setLoggerName(accessLogger.getName());
            record.setParameters(new Object[] {Extras.of("status_code", status, "req_duration_ms", millis)});
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

    /** A request's fields and start, kept in a request attribute across dispatches. */
    private static final class RequestFields {
        final Map<String, String> values;
        final long startNanos;
        /** Whether a {@link CompletionListener} ends the request; only touched by the threads that dispatch it. */
        volatile boolean listening;

        RequestFields(Map<String, String> values, long startNanos) {
            this.values = values;
            this.startNanos = startNanos;
        }
    }

    /** Ends an async request when it completes, on the container's thread, with the request's fields set. */
    private final class CompletionListener implements AsyncListener {
        private final RequestFields fields;

        CompletionListener(RequestFields fields) {
            this.fields = fields;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ServletResponse response = event.getSuppliedResponse();
            int status = response instanceof HttpServletResponse http ? http.getStatus() : 0;
            RequestContext.Scope scope = RequestContext.open(fields.values);
            Map<String, String> mdcBefore = mdc ? Slf4jMdc.push(fields.values) : null;
            try {
                end(fields, status);
            } finally {
                scope.close();
                if (mdc) {
                    Slf4jMdc.restore(mdcBefore);
                }
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
