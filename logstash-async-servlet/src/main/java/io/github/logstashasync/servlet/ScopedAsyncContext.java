package io.github.logstashasync.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The AsyncContext the application gets from the filter's request: the application's {@link AsyncListener}s
 * run with the request's fields set, and {@code onComplete} with {@code status_code} and {@code req_duration_ms}
 * too; the tasks given to {@link #start(Runnable)} run with the request's fields.
 */
final class ScopedAsyncContext implements AsyncContext {

    private final RequestState state;
    private final ContextBinding binding;
    private volatile AsyncContext container;

    ScopedAsyncContext(AsyncContext container, RequestState state, ContextBinding binding) {
        this.container = container;
        this.state = state;
        this.binding = binding;
    }

    /** The container's context of the latest async cycle (Jetty keeps one, another container may not). */
    void container(AsyncContext context) {
        container = context;
    }

    static int status(AsyncEvent event) {
        return event.getSuppliedResponse() instanceof HttpServletResponse http ? http.getStatus() : 0;
    }

    static boolean head(AsyncEvent event) {
        return event.getSuppliedRequest() instanceof jakarta.servlet.http.HttpServletRequest http
                && "HEAD".equals(http.getMethod());
    }

    @Override
    public ServletRequest getRequest() {
        return container.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return container.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return container.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        container.dispatch();
    }

    @Override
    public void dispatch(String path) {
        container.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        container.dispatch(context, path);
    }

    @Override
    public void complete() {
        container.complete();
    }

    @Override
    public void start(Runnable run) {
        container.start(() -> {
            ContextBinding.Scope scope = binding.open(state.values);
            try {
                run.run();
            } finally {
                scope.close();
            }
        });
    }

    @Override
    public void addListener(AsyncListener listener) {
        container.addListener(new ScopedListener(listener));
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        container.addListener(new ScopedListener(listener), request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return container.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        container.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return container.getTimeout();
    }

    /** An application's listener, called with the fields set and an event whose context is this one. */
    private final class ScopedListener implements AsyncListener {
        private final AsyncListener listener;

        ScopedListener(AsyncListener listener) {
            this.listener = listener;
        }

        private AsyncEvent ours(AsyncEvent event) {
            // a listener that registers again in onStartAsync does it through this context, and stays scoped
            return new AsyncEvent(ScopedAsyncContext.this, event.getSuppliedRequest(), event.getSuppliedResponse(),
                    event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) throws IOException {
            Map<String, String> fields = state.end(status(event), head(event)).values();
            ContextBinding.Scope scope = binding.open(fields);
            try {
                listener.onComplete(ours(event));
            } finally {
                scope.close();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            ContextBinding.Scope scope = binding.open(state.values);
            try {
                listener.onTimeout(ours(event));
            } finally {
                scope.close();
            }
        }

        @Override
        public void onError(AsyncEvent event) throws IOException {
            ContextBinding.Scope scope = binding.open(state.values);
            try {
                listener.onError(ours(event));
            } finally {
                scope.close();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) throws IOException {
            ContextBinding.Scope scope = binding.open(state.values);
            try {
                listener.onStartAsync(ours(event));
            } finally {
                scope.close();
            }
        }
    }
}
