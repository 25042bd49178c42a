package io.github.logstashasync.core.internal.transport.beats;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.logstash.beats.IMessageListener;
import org.logstash.beats.Message;
import org.logstash.beats.Server;

/**
 * The Beats server of Logstash's beats input ({@code fr.loghub:netty-beats}) on 127.0.0.1 and a free port,
 * recording what it receives. A hook may delay or block the processing of a message, as a busy Logstash
 * pipeline does.
 */
final class LogstashBeatsServer implements AutoCloseable {

    /** One event as Logstash decoded it. */
    record Received(int sequence, Map<String, Object> data) {
    }

    private final Server server;
    private final Thread thread;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile Consumer<Received> hook = message -> { };

    LogstashBeatsServer(int clientInactivityTimeoutSeconds) throws Exception {
        this(clientInactivityTimeoutSeconds, null);
    }

    /** Starts the server, with TLS when {@code tls} is not null. */
    LogstashBeatsServer(int clientInactivityTimeoutSeconds, SslContext tls) throws Exception {
        server = new Server()
                .setHost("127.0.0.1")
                .setPort(0)
                .setClientInactivityTimeout(clientInactivityTimeoutSeconds)
                .setShutdownDelay(0, TimeUnit.MILLISECONDS)
                .setMessageListener(new Listener());
        if (tls != null) {
            server.enableSSL(tls);
        }
        thread = new Thread(() -> {
            try {
                server.listen();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "logstash-beats-server");
        thread.setDaemon(true);
        thread.start();
        Channel channel = server.f.get(10, TimeUnit.SECONDS);
        port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    int port() {
        return port;
    }

    /** Runs {@code value} on the server's handler thread for every message, before it counts as processed. */
    void onMessage(Consumer<Received> value) {
        hook = value;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<Map<String, Object>> data() {
        return received.stream().map(Received::data).toList();
    }

    List<Integer> sequences() {
        return received.stream().map(Received::sequence).toList();
    }

    int openedConnections() {
        return opened.get();
    }

    int closedConnections() {
        return closed.get();
    }

    /** Stops listening and closes every connection. */
    void stop() throws InterruptedException {
        server.stop();
        thread.join(10_000);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements IMessageListener {
        @Override
        public void onNewMessage(ChannelHandlerContext ctx, Message message) {
            Received one = new Received(message.getSequence(), message.getData());
            received.add(one);
            hook.accept(one);
        }

        @Override
        public void onNewConnection(ChannelHandlerContext ctx) {
            opened.incrementAndGet();
        }

        @Override
        public void onConnectionClose(ChannelHandlerContext ctx) {
            closed.incrementAndGet();
        }

        @Override
        public void onException(ChannelHandlerContext ctx, Throwable cause) {
            // the transport's side of each failure is what the tests check
        }

        @Override
        public void onChannelInitializeException(ChannelHandlerContext ctx, Throwable cause) {
            // as above
        }
    }
}
