package io.github.logstashasync.e2e;

import tools.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
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
 * The Beats server of Logstash's beats input ({@code org.logstash.beats.Server} from {@code fr.loghub:netty-beats})
 * in this JVM on the loopback address, plain or with TLS, recording every event it decodes. A hook runs for each
 * event before it counts as processed, as a busy Logstash pipeline would.
 */
final class BeatsReceiver implements AutoCloseable {

    /** One event as the server decoded it: its sequence number in the window and its fields. */
    record Received(int sequence, Map<String, Object> data) {
    }

    private final Server server;
    private final Thread thread;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Consumer<Received> hook = message -> { };

    /**
     * Starts a server.
     *
     * @param port the port, 0 for a free one
     * @param tls  the server's TLS context, or null for plain TCP
     */
    BeatsReceiver(int port, SslContext tls) throws Exception {
        server = new Server()
                .setHost(Receivers.LOOPBACK)
                .setPort(port)
                .setClientInactivityTimeout(60)
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
            } catch (RuntimeException e) {
                server.f.completeExceptionally(e);
            }
        }, "beats-server");
        thread.setDaemon(true);
        thread.start();
        Channel channel = server.f.get(10, TimeUnit.SECONDS);
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    int port() {
        return port;
    }

    /** Runs {@code value} on the server's handler thread for every event, before the event counts as processed. */
    void onMessage(Consumer<Received> value) {
        hook = value;
    }

    /** Every event received so far, in order of arrival. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Every event received so far as a JSON tree, comparable with {@link LoggedEvents}' documents. */
    List<JsonNode> documents() {
        return received.stream().map(r -> LoggedEvents.tree(r.data())).toList();
    }

    /** How many connections clients opened (TLS: including those whose handshake failed). */
    int connections() {
        return connections.get();
    }

    /** The errors the server saw on its connections (refused handshakes, for example). */
    List<String> exceptions() {
        return List.copyOf(exceptions);
    }

    /** Stops listening and closes every connection, as stopping Logstash does. */
    void stop() {
        server.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
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
            connections.incrementAndGet();
        }

        @Override
        public void onConnectionClose(ChannelHandlerContext ctx) {
            // the clients' side of each closed connection is what the tests check
        }

        @Override
        public void onException(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(String.valueOf(cause));
        }

        @Override
        public void onChannelInitializeException(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(String.valueOf(cause));
        }
    }
}
