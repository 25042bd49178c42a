package io.github.logstashasync.transport.ssl.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts any server, for {@code sslVerify=false}. It extends {@link X509ExtendedTrustManager} on purpose: the JDK
 * wraps a plain {@code X509TrustManager} in one that still checks the host name whenever the connection asks for
 * endpoint identification (as {@code java.net.http.HttpClient} always does), and the option promises no checks.
 */
public final class InsecureTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // sslVerify=false: accepted without any check.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // sslVerify=false: accepted without any check, host name included.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // sslVerify=false: accepted without any check, host name included.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw clientSideOnly();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS.clone();
    }

    private static CertificateException clientSideOnly() {
        // Never used by a server: accepting every client certificate would silently disable mutual TLS.
        return new CertificateException("this trust manager is for clients with sslVerify=false; it trusts no client");
    }
}
