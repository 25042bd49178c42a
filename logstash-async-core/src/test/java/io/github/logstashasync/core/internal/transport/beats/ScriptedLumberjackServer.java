package io.github.logstashasync.core.internal.transport.beats;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.InflaterInputStream;

/**
 * A tiny Lumberjack v2 server of our own, decoding windows independently of the transport and answering each
 * with a scripted reply: chosen ACK sequences, keep-alives, pauses, garbage, or a closed connection. The
 * default reply acknowledges the whole window.
 */
final class ScriptedLumberjackServer implements AutoCloseable {

    /** One event as received. */
    record Received(int connection, long sequence, String payload) {
    }

    /** One step of a reply; {@code count} is the size of the window being answered. */
    @FunctionalInterface
    interface Step {
        /** Returns false to close the connection. */
        boolean run(DataOutputStream out, int count) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread thread;
    private final ConcurrentLinkedQueue<List<Step>> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger compressedFrames = new AtomicInteger();
    private final AtomicInteger windows = new AtomicInteger();
    private volatile Socket current;

    ScriptedLumberjackServer() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-lumberjack-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answers the next window with these steps. */
    ScriptedLumberjackServer reply(Step... steps) {
        script.add(List.of(steps));
        return this;
    }

    static Step ack(long sequence) {
        return (out, count) -> {
            out.writeByte('2');
            out.writeByte('A');
            out.writeInt((int) sequence);
            out.flush();
            return true;
        };
    }

    static Step ackAll() {
        return (out, count) -> ack(count).run(out, count);
    }

    static Step pause(long millis) {
        return (out, count) -> {
            Thread.sleep(millis);
            return true;
        };
    }

    static Step bytes(byte... raw) {
        return (out, count) -> {
            out.write(raw);
            out.flush();
            return true;
        };
    }

    static Step hangUp() {
        return (out, count) -> false;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<String> payloads() {
        return received.stream().map(Received::payload).toList();
    }

    int connections() {
        return connections.get();
    }

    int compressedFrames() {
        return compressedFrames.get();
    }

    int windows() {
        return windows.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                current = socket;
                int connection = connections.incrementAndGet();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                boolean open = true;
                while (open) {
                    int count = readWindow(in, connection);
                    windows.incrementAndGet();
                    List<Step> steps = script.poll();
                    for (Step step : steps == null ? List.of(ackAll()) : steps) {
                        if (!step.run(out, count)) {
                            open = false;
                            break;
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away or the server is closing: wait for the next connection
            }
        }
    }

    private int readWindow(DataInputStream in, int connection) throws IOException {
        int version = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        if (version != '2' || type != 'W') {
            throw new IOException("expected a window frame, got " + version + " " + type);
        }
        int count = in.readInt();
        int[] seen = {0};
        while (seen[0] < count) {
            readFrame(in, connection, seen);
        }
        return count;
    }

    private void readFrame(DataInputStream in, int connection, int[] seen) throws IOException {
        int version = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        if (version != '2') {
            throw new IOException("bad version " + version);
        }
        if (type == 'J') {
            long sequence = in.readInt() & 0xffffffffL;
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            received.add(new Received(connection, sequence, new String(payload, StandardCharsets.UTF_8)));
            seen[0]++;
        } else if (type == 'C') {
            compressedFrames.incrementAndGet();
            byte[] compressed = new byte[in.readInt()];
            in.readFully(compressed);
            try (InputStream inflated = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
                DataInputStream inner = new DataInputStream(inflated);
                while (true) {
                    try {
                        readFrame(inner, connection, seen);
                    } catch (EOFException end) {
                        break;
                    }
                }
            }
        } else {
            throw new IOException("unexpected frame type " + type);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket socket = current;
        if (socket != null) {
            socket.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
