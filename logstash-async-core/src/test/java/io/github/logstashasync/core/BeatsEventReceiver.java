package io.github.logstashasync.core;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.logstash.beats.IMessageListener;
import org.logstash.beats.Message;
import org.logstash.beats.Server;

/** The Beats server of Logstash's beats input ({@code fr.loghub:netty-beats}); can stop and start again. */
final class BeatsEventReceiver implements EventReceiver {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger windows = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Server server;
    private volatile Thread thread;
    private final int port;

    BeatsEventReceiver() throws Exception {
        port = listen(0);
    }

    private int listen(int onPort) throws Exception {
        Server created = new Server().setHost("127.0.0.1").setPort(onPort).setClientInactivityTimeout(60)
                .setShutdownDelay(0, TimeUnit.MILLISECONDS).setMessageListener(new Listener());
        Thread listener = new Thread(() -> {
            try {
                created.listen();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-beats-receiver");
        listener.setDaemon(true);
        listener.start();
        Channel channel = created.f.get(10, TimeUnit.SECONDS);
        server = created;
        thread = listener;
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> messages() {
        return new ArrayList<>(messages);
    }

    /** Windows begun (the first event of each: sequence 1). */
    @Override
    public int batches() {
        return windows.get();
    }

    /** Connections accepted since the start. */
    int connections() {
        return connections.get();
    }

    @Override
    public void stop() throws InterruptedException {
        server.stop();
        thread.join(10_000);
    }

    @Override
    public void start() throws Exception {
        listen(port);
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
            if (message.getSequence() == 1) {
                windows.incrementAndGet();
            }
            messages.add(String.valueOf(message.getData().get("message")));
        }

        @Override
        public void onNewConnection(ChannelHandlerContext ctx) {
            connections.incrementAndGet();
        }

        @Override
        public void onConnectionClose(ChannelHandlerContext ctx) {
            // counted by the transport's side
        }

        @Override
        public void onException(ChannelHandlerContext ctx, Throwable cause) {
            // the sender's side of each failure is what the tests check
        }

        @Override
        public void onChannelInitializeException(ChannelHandlerContext ctx, Throwable cause) {
            // as above
        }
    }
}
