package io.github.logstashasync.cli.internal;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How a local receiver listens.
 *
 * @param address          where to listen; port 0 picks a free port
 * @param tls              the server's TLS context; null for plain text
 * @param needClientAuth   whether a client certificate trusted by {@code tls} is required (mutual TLS)
 * @param path             HTTP only: the path to accept; null accepts every path
 * @param username         HTTP only: the basic-auth user required; null requires none
 * @param password         HTTP only: the basic-auth password required with {@code username}
 * @param warnings         receives problems with single connections (handshakes, protocol errors); never null
 */
public record ReceiverSettings(InetSocketAddress address, SSLContext tls, boolean needClientAuth, String path,
                               String username, String password, Consumer<String> warnings) {

    @Override
    public String toString() {
        return "ReceiverSettings[address=" + address + ", tls=" + (tls != null) + ", needClientAuth=" + needClientAuth
                + ", path=" + path + ", username=" + username + ", password=" + (password == null ? null : Secrets.MASK)
                + "]";
    }
}
