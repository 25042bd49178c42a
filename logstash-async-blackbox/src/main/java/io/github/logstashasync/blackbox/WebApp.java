package io.github.logstashasync.blackbox;

import ch.qos.logback.classic.LoggerContext;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.servlet.LogstashRequestFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * A small web application: embedded Jetty 12 (ee10) on 127.0.0.1 with our {@link LogstashRequestFilter}, a
 * servlet that logs through SLF4J onto Logback (our appender, from {@code -Dlogback.configurationFile}), and the
 * filter's access events through JUL onto our {@link AsynchronousLogstashHandler}. It sends itself two real HTTP
 * requests (one served, one 404), prints their statuses and where the filter was loaded from (its module's name,
 * or {@code unnamed} on the class path), then stops Jetty, Logback and the handler.
 */
public final class WebApp {

    /** The body of {@code /hello/...}, whose size the access event reports. */
    public static final String BODY = "hello from the web app\n";

    private WebApp() {
    }

    /** Logs while serving, and answers with {@link #BODY}. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            LoggerFactory.getLogger("blackbox.web").info("serving {}", request.getPathInfo());
            response.setContentType("text/plain; charset=UTF-8");
            response.getWriter().write(BODY);
        }
    }

    /**
     * Serves, requests, stops.
     *
     * @param args ignored
     * @throws Exception when the server does not start or a request fails
     */
    public static void main(String[] args) throws Exception {
        Module module = LogstashRequestFilter.class.getModule();
        System.out.println("filter module: " + (module.isNamed() ? module.getName() : "unnamed"));
        AsynchronousLogstashHandler access = AsynchronousLogstashHandler.builder().host("127.0.0.1")
                .port(Integer.getInteger("BLACKBOX_PORT")).databasePath(Path.of(System.getProperty("BLACKBOX_DB")))
                .flushInterval(Duration.ofMillis(100)).build();
        java.util.logging.Logger accessLogger = java.util.logging.Logger.getLogger(LogstashRequestFilter.ACCESS_LOGGER);
        accessLogger.setUseParentHandlers(false);
        accessLogger.setLevel(Level.INFO);
        accessLogger.addHandler(access);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(LogstashRequestFilter.class);
        filter.setInitParameter(LogstashRequestFilter.ACCESS_EVENT, "true");
        filter.setInitParameter(LogstashRequestFilter.INCLUDE_HEADERS, "X-Tenant");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new HelloServlet()), "/hello/*");
        server.setHandler(context);
        server.start();
        try {
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            System.out.println("base: " + base);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : new String[] {"/hello/one", "/missing"}) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("X-Request-ID", "bb" + path.replace('/', '-')).header("X-Tenant", "acme")
                        .header("Authorization", "Bearer blackbox-secret").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println(path + " " + response.statusCode());
            }
        } finally {
            server.stop();
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            accessLogger.removeHandler(access);
            access.close();
        }
        System.out.println("stopped");
    }
}
