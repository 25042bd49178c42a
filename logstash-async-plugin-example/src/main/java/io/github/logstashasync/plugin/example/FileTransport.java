package io.github.logstashasync.plugin.example;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends batches to one file, keeping it open between batches; used by one worker thread at a time, as the
 * {@link Transport} contract says.
 */
final class FileTransport implements Transport {

    private final Path path;
    private final Charset charset;
    private final boolean sync;
    private final byte[] newline;
    private FileChannel channel;
    private volatile boolean closed;

    FileTransport(Path path, Charset charset, boolean sync) {
        this.path = path;
        this.charset = charset;
        this.sync = sync;
        this.newline = "\n".getBytes(charset);
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        if (closed) {
            throw new TransportException("the file transport to " + path + " is closed", null);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before writing to " + path);
        }
        // One buffer, one write: a batch is appended whole or the failure says nothing of it counts as sent.
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (String event : events) {
            batch.writeBytes(event.getBytes(charset));
            batch.writeBytes(newline);
        }
        try {
            FileChannel out = open();
            ByteBuffer bytes = ByteBuffer.wrap(batch.toByteArray());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (sync) {
                out.force(false);
            }
        } catch (IOException e) {
            closeChannel();
            // retryable: a full disk or a missing mount may come back; the events stay queued meanwhile
            throw new TransportException("writing " + events.size() + " events to " + path + " failed: " + e, e);
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
    }

    private void closeChannel() {
        FileChannel current = channel;
        channel = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // closing never throws (Transport contract); every byte was written by send() already
            }
        }
    }

    @Override
    public String toString() {
        return "FileTransport[" + path + (sync ? ", sync" : "") + "]";
    }
}
