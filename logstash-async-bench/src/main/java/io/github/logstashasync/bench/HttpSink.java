package io.github.logstashasync.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * A minimal HTTP/1.1 receiver on a raw socket (Logstash's http input stands behind it): reads each POST's
 * headers and {@code Content-Length} body, counts the elements of the JSON array, answers {@code 200} with an
 * empty body, and keeps the connection alive. Far less work per request than a general HTTP server, so that
 * the sender, not the receiver, is what is measured.
 */
public final class HttpSink extends Sink {

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Listens for plain HTTP, or HTTPS with {@code tls}. */
    public HttpSink(SSLContext tls) throws IOException {
        super(tls);
    }

    @Override
    protected void serve(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
        OutputStream out = socket.getOutputStream();
        byte[] body = new byte[1 << 20];
        StringBuilder line = new StringBuilder(128);
        while (true) {
            long length = -1;
            boolean first = true;
            while (true) {
                if (!readLine(in, line)) {
                    if (first) {
                        return;
                    }
                    throw new EOFException("connection closed inside a request's headers");
                }
                if (line.length() == 0) {
                    if (first) {
                        continue;
                    }
                    break;
                }
                first = false;
                String header = line.toString().toLowerCase(Locale.ROOT);
                if (header.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring("content-length:".length()).trim());
                } else if (header.startsWith("transfer-encoding:")) {
                    throw new IOException("chunked requests are not supported by this sink: " + header);
                }
            }
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new IOException("no usable Content-Length: " + length);
            }
            if (body.length < length) {
                body = new byte[(int) Math.max(length, body.length * 2L)];
            }
            int n = (int) length;
            int read = in.readNBytes(body, 0, n);
            if (read < n) {
                throw new EOFException("body ended after " + read + " of " + n + " bytes");
            }
            int elements = countObjects(body, n);
            // one byte of array syntax per element ('[' or ','), and the closing ']'
            counted(elements, n - elements - 1L);
            out.write(OK);
            out.flush();
        }
    }

    /** Reads a header line without its CR LF into {@code line}; false at the end of the stream. */
    private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return line.length() > 0;
            }
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return true;
            }
            line.append((char) c);
        }
    }

    /** What a byte means to {@link #countObjects}: nothing (0), or one of the structural bytes below. */
    private static final byte[] CLASS = new byte[256];
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte OPEN_OBJECT = 3;
    private static final byte OPEN_ARRAY = 4;
    private static final byte CLOSE = 5;

    static {
        CLASS['"'] = QUOTE;
        CLASS['\\'] = BACKSLASH;
        CLASS['{'] = OPEN_OBJECT;
        CLASS['['] = OPEN_ARRAY;
        CLASS['}'] = CLOSE;
        CLASS[']'] = CLOSE;
    }

    /**
     * Counts the JSON objects at the top level of a JSON array: a small state machine that skips strings, driven by
     * a table so that the common byte (no structure) costs one load and one branch.
     */
    static int countObjects(byte[] json, int length) {
        int depth = 0;
        int objects = 0;
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            byte kind = CLASS[json[i] & 0xFF];
            if (kind == 0) {
                continue;
            }
            if (inString) {
                if (kind == BACKSLASH) {
                    i++;
                } else if (kind == QUOTE) {
                    inString = false;
                }
                continue;
            }
            switch (kind) {
                case QUOTE -> inString = true;
                case OPEN_OBJECT -> {
                    if (depth == 1) {
                        objects++;
                    }
                    depth++;
                }
                case OPEN_ARRAY -> depth++;
                case CLOSE -> depth--;
                default -> {
                    // a backslash outside a string is not JSON; ignore it
                }
            }
        }
        return objects;
    }
}
