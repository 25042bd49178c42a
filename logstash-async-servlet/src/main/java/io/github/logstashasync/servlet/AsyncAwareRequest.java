package io.github.logstashasync.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request the filter passes on, so that an async servlet writes through the filter's counting response:
 * {@code startAsync()} starts the cycle with this request and that response instead of the unwrapped ones the
 * container would take (Servlet 6.1, {@code ServletRequest.startAsync()}; Jetty's and Tomcat's
 * {@code AsyncContext.getResponse()} would then bypass every wrapper). Its AsyncContext runs the application's
 * listeners with the request's fields.
 */
final class AsyncAwareRequest extends HttpServletRequestWrapper {

    private final ServletResponse response;
    private final RequestState state;
    private final LogstashRequestFilter filter;

    AsyncAwareRequest(HttpServletRequest request, ServletResponse response, RequestState state,
            LogstashRequestFilter filter) {
        super(request);
        this.response = response;
        this.state = state;
        this.filter = filter;
    }

    /** Whether {@code request} is one of ours, or wraps one. */
    static boolean wraps(ServletRequest request) {
        for (ServletRequest r = request; r != null; ) {
            if (r instanceof AsyncAwareRequest) {
                return true;
            }
            r = r instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : null;
        }
        return false;
    }

    @Override
    public AsyncContext startAsync() {
        return filter.asyncStarted(state, super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return filter.asyncStarted(state, super.startAsync(request, response));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext container = super.getAsyncContext();
        ScopedAsyncContext scoped = state.asyncContext();
        return scoped == null ? container : scoped;
    }
}
