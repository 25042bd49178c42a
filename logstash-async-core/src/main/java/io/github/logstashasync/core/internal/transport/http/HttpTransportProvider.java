package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@code http} transport: each batch is POSTed as a JSON array ({@code [doc,doc,...]}) to
 * {@code http://host:port/path}, or {@code https://} when {@code sslEnable} is on, with
 * {@code Content-Type: application/json; charset=<charset>}; the format of Logstash's {@code http} input with
 * the {@code json} codec.
 *
 * <p>Options ({@link TransportSettings#options()}):
 * <ul>
 *   <li>{@code path}: the request path, optionally with a query; default {@code /}. The host option is a host
 *       name or address only: credentials in it ({@code user:pass@host}) fail naming {@code host}.</li>
 *   <li>{@code username}, {@code password}: HTTP basic authentication; off by default. The password never
 *       appears in messages or {@code toString()}.</li>
 *   <li>{@code maxContentLength}: the largest request body, as a size ({@code 104857600}, {@code 10MiB},
 *       {@code 512k}); default 100 MiB as in the seed. A batch is split into several requests below it; an
 *       event that does not fit even alone is rejected for good with its size.</li>
 *   <li>{@code connectTimeout}: how long opening a connection may take; default {@code socketTimeout}</li>
 *   <li>{@code requestTimeout}: how long one request may take until its response is complete; default 10 s,
 *       or {@code socketTimeout} when that is longer</li>
 * </ul>
 *
 * <p>Responses: 2xx delivers the request's events. 413 (the receiver's own limit is below
 * {@code maxContentLength}) splits the request's events in halves and posts those, recursively: only an event
 * that the receiver refuses alone fails, for good, with the receiver's answer as the reason (at most 2n - 1
 * requests for n events). 408, 429 and 5xx, a refused or broken connection and a timeout are retryable
 * failures, with the receiver's {@code Retry-After} (seconds or HTTP-date) when given. Any other status (400,
 * 401, 403, 404...) is a permanent failure quoting the status and the start of the response body. In both cases
 * the events of the requests accepted before are reported as delivered. Messages never show the password, nor
 * a password in the URL or the value of a secret-looking query parameter ({@code api_key}, {@code token}...).
 * Connections are HTTP/1.1 and kept alive between batches; redirects are not followed.
 */
public final class HttpTransportProvider implements TransportProvider {

    /** The id of this transport. */
    public static final String ID = "http";

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public HttpTransportProvider() {
        // nothing to set up before create()
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        HttpOptions options = HttpOptions.parse(settings);
        SSLContext context = null;
        SSLParameters parameters = null;
        if (settings.tls().enabled()) {
            if (tls == null) {
                throw new InvalidOptionException("sslEnable", "TLS needs the module io.github.logstashasync.transport.ssl"
                        + " (artifact logstash-async-transport-ssl) on the module or class path");
            }
            context = tls.createContext(settings.tls());
            parameters = tls.clientParameters(settings.tls(), settings.host());
        }
        return new HttpTransport(options, settings.charset(), context, parameters);
    }

    @Override
    public Set<String> optionNames() {
        return HttpOptions.NAMES;
    }

    @Override
    public boolean supportsTls() {
        return true;
    }
}
