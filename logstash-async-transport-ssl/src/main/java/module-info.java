/**
 * TLS for the stream transports ({@code tcp}, {@code beats}, {@code http}): loads PEM keys, certificate chains
 * and CA bundles or Java key and trust stores, verifies the server's chain and host name, and presents a client
 * certificate for mutual TLS. Plugged into the core through the TLS SPI; needs nothing but the API and java.base.
 */
module io.github.logstashasync.transport.ssl {
    // PemTlsProvider's public methods take TlsSettings and implement TlsProvider: its users need the API too.
    requires transitive io.github.logstashasync.api;

    // Only PemTlsProvider, for callers that pass a provider directly instead of discovering it;
    // the PEM, DER and key-store code stays in the unexported .internal package.
    exports io.github.logstashasync.transport.ssl;

    // Found with ServiceLoader by its id "pem"; META-INF/services says the same for the class path.
    provides io.github.logstashasync.api.spi.TlsProvider
            with io.github.logstashasync.transport.ssl.PemTlsProvider;
}
