package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.Redaction;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Posts batches as JSON arrays over HTTP/1.1, one {@link HttpClient} (and so one pool of kept-alive connections)
 * per transport. A batch larger than {@code maxContentLength} goes out as several requests, in order.
 */
final class HttpTransport implements Transport {

    /** How much of an error response is quoted in the exception. */
    static final int EXCERPT_BYTES = 512;
    private static final int EXCERPT_CHARS = 200;
    private static final String MASK = "******";

    private final HttpOptions options;
    private final Charset charset;
    private final String contentType;
    private final String authorization;
    private final Supplier<HttpClient> clientFactory;
    private HttpClient client;

    HttpTransport(HttpOptions options, Charset charset, SSLContext sslContext, SSLParameters sslParameters) {
        this.options = options;
        this.charset = charset;
        this.contentType = "application/json; charset=" + charset.name();
        this.authorization = options.authorization();
        this.clientFactory = () -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(options.connectTimeout());
            if (sslContext != null) {
                builder.sslContext(sslContext).sslParameters(sslParameters);
            }
            return builder.build();
        };
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        HttpBodies plan = HttpBodies.split(events, charset, options.maxContentLength());
        for (HttpBodies.Body body : plan.bodies()) {
            postSplitting(body, plan, rejections);
        }
        plan.reportBefore(events.size(), rejections);
    }

    /**
     * Posts {@code body}; when the receiver answers 413 (its limit is below {@code maxContentLength}), posts its
     * halves instead, and so on down to single events: only an event that is too large alone is rejected, for
     * good, with the receiver's answer. At most 2n - 1 requests for n events, in batch order, so that a failure
     * still leaves everything before the failing request delivered.
     */
    private void postSplitting(HttpBodies.Body body, HttpBodies plan, Rejections rejections)
            throws TransportException, InterruptedException {
        plan.reportBefore(body.first(), rejections);
        String tooLarge = post(body);
        if (tooLarge == null) {
            return;
        }
        if (body.count() == 1) {
            rejections.reject(body.first(), "event of " + (body.bytes().length - 2) + " bytes refused as too large"
                    + " even alone by " + Redaction.mask(options.uri().toString()) + ": " + tooLarge);
            return;
        }
        for (HttpBodies.Body half : body.halves()) {
            postSplitting(half, plan, rejections);
        }
    }

    /**
     * Posts one body.
     *
     * @return null when the receiver accepted it; the status line and excerpt when it answered 413
     * @throws TransportException for any other failure
     */
    private String post(HttpBodies.Body body) throws TransportException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.uri())
                .timeout(options.requestTimeout())
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofByteArray(body.bytes()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (client == null) {
            client = clientFactory.get();
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request.build(), info -> new ExcerptSubscriber(EXCERPT_BYTES));
        // the request timeout of HttpClient ends when the headers arrive; this bounds the body too
        long limitMillis = options.connectTimeout().plus(options.requestTimeout()).toMillis();
        HttpResponse<byte[]> response;
        try {
            response = future.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure("no complete response within " + options.requestTimeout(), e, true, body, null);
        } catch (ExecutionException e) {
            throw failure(describe(e.getCause()), e.getCause(), true, body, null);
        }
        int status = response.statusCode();
        if (HttpResponses.accepted(status)) {
            return null;
        }
        String excerpt = HttpResponses.printable(redact(new String(response.body(), charsetOf(response))), EXCERPT_CHARS);
        String message = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (status == HttpResponses.CONTENT_TOO_LARGE) {
            return message;
        }
        Duration retryAfter = HttpResponses.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                Instant.now());
        throw failure(message, null, HttpResponses.retryable(status), body, retryAfter);
    }

    private TransportException failure(String what, Throwable cause, boolean retryable, HttpBodies.Body body,
            Duration retryAfter) {
        String message = "http POST of " + body.count() + " events (" + body.bytes().length + " bytes) to "
                + Redaction.mask(options.uri().toString()) + " failed: " + Redaction.mask(what);
        return new TransportException(message, cause, retryable, body.first(), retryAfter);
    }

    private String describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within connectTimeout " + options.connectTimeout();
        }
        if (cause instanceof HttpTimeoutException) {
            return "no response within requestTimeout " + options.requestTimeout();
        }
        String detail = cause.getMessage();
        return cause.getClass().getSimpleName() + (detail == null ? "" : ": " + redact(detail));
    }

    /** Removes the credentials from text a receiver sent back, in case it echoes the request. */
    private String redact(String text) {
        String result = Redaction.mask(text);
        if (authorization != null) {
            result = result.replace(authorization.substring("Basic ".length()), MASK);
            if (!options.password().isEmpty()) {
                result = result.replace(options.password(), MASK);
            }
        }
        return result;
    }

    private Charset charsetOf(HttpResponse<?> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = type.substring(at + "charset=".length()).split("[;\\s]")[0].replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return charset;
            }
        }
        return charset;
    }

    @Override
    public void close() {
        HttpClient current = client;
        client = null;
        // HttpClient is AutoCloseable from Java 21 on; on 17 its idle connections close when it is collected
        if (current instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort and must not throw
            }
        }
    }

    @Override
    public String toString() {
        return "HttpTransport[" + options + "]"; // HttpOptions masks its secrets
    }
}
