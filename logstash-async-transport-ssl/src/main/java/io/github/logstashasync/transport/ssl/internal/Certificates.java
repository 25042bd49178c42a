package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM files and tells whether they are within their validity period. */
final class Certificates {

    private Certificates() {
    }

    /** Reads every {@code CERTIFICATE} block of {@code file}, in file order; there must be at least one. */
    static List<X509Certificate> read(String option, Path file) {
        List<Pem.Block> blocks = Pem.read(option, file);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = factory();
        for (Pem.Block block : blocks) {
            if (!block.type().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new InvalidOptionException(option, file + ": certificate #" + (certificates.size() + 1)
                        + " is not a valid X.509 certificate: " + e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidOptionException(option, file + ": no certificate found; expected a PEM block"
                    + " '-----BEGIN CERTIFICATE-----' but the file has " + Pem.describe(blocks));
        }
        return certificates;
    }

    /**
     * Describes why {@code certificate} cannot be used at {@code now}, with its dates, or returns null when it is
     * within its validity period.
     */
    static String validityProblem(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        String subject = subject(certificate);
        String period = " (valid from " + notBefore + " to " + notAfter + ")";
        if (now.isAfter(notAfter)) {
            return "certificate " + subject + " expired on " + notAfter + period;
        }
        if (now.isBefore(notBefore)) {
            return "certificate " + subject + " is not valid before " + notBefore + period;
        }
        return null;
    }

    /** Fails when any of {@code certificates} is outside its validity period at {@code now}. */
    static void requireValid(String option, Object source, List<X509Certificate> certificates, Instant now) {
        for (X509Certificate certificate : certificates) {
            String problem = validityProblem(certificate, now);
            if (problem != null) {
                throw new InvalidOptionException(option, source + ": " + problem);
            }
        }
    }

    /** The subject of {@code certificate}, quoted, for messages. */
    static String subject(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JVM has an X.509 certificate factory", e);
        }
    }
}
