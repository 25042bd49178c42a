package io.github.logstashasync.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The response the filter passes on: it counts the bytes of the body written through its output stream or its
 * writer (the writer's characters in the response's character encoding), and keeps the Content-Length the
 * application sets, for the access event's {@code bytes}. What the container writes itself (an error page after
 * {@code sendError}) is not counted.
 */
final class CountingResponse extends HttpServletResponseWrapper {

    private static final String CONTENT_LENGTH = "Content-Length";

    private final RequestState state;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CountingResponse(HttpServletResponse response, RequestState state) {
        super(response);
        this.state = state;
    }

    /** Whether {@code response} is one of ours, or wraps one. */
    static boolean wraps(ServletResponse response) {
        for (ServletResponse r = response; r != null; ) {
            if (r instanceof CountingResponse) {
                return true;
            }
            r = r instanceof ServletResponseWrapper wrapper ? wrapper.getResponse() : null;
        }
        return false;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream out = super.getOutputStream();
        if (stream == null) {
            stream = new CountingStream(out, state.bytes, this);
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        PrintWriter out = super.getWriter();
        if (writer == null) {
            // the container chose the writer's encoding now; later changes do not apply to it
            writer = new CountingPrintWriter(out, charset(getCharacterEncoding()), state.bytes);
        }
        return writer;
    }

    static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    @Override
    public void setContentLength(int length) {
        super.setContentLength(length);
        state.declareLength(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        super.setContentLengthLong(length);
        state.declareLength(length);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        declared(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        declared(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        declared(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        declared(name, Integer.toString(value));
    }

    private void declared(String name, String value) {
        if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
            try {
                state.declareLength(value == null ? -1 : Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                state.declareLength(-1);
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        // not committed, or reset would have thrown: nothing of it was sent
        state.reset(true);
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        state.reset(false);
    }

    /** Counts every byte written, on whatever thread writes (an async servlet's). */
    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final AtomicLong bytes;
        private final HttpServletResponse response;

        CountingStream(ServletOutputStream out, AtomicLong bytes, HttpServletResponse response) {
            this.out = out;
            this.bytes = bytes;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes.addAndGet(len);
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            int before = buffer.remaining();
            try {
                out.write(buffer);
            } finally {
                bytes.addAndGet(before - buffer.remaining());
            }
        }

        @Override
        public void print(String s) throws IOException {
            // the container's own print (Jetty's encodes in the response's encoding, the API's default in
            // ISO-8859-1): counted in the response's encoding, exact for ASCII
            String text = s == null ? "null" : s;
            out.print(text);
            bytes.addAndGet(CountingWriter.length(charset(response.getCharacterEncoding()), text));
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The container's writer behind a counting one; its errors are the container writer's. */
    private static final class CountingPrintWriter extends PrintWriter {
        private final PrintWriter container;

        CountingPrintWriter(PrintWriter container, Charset charset, AtomicLong bytes) {
            super(new CountingWriter(container, charset, bytes), false);
            this.container = container;
        }

        @Override
        public boolean checkError() {
            return super.checkError() | container.checkError();
        }
    }

    /** Counts the bytes that the characters written take in the writer's encoding. */
    static final class CountingWriter extends Writer {
        private final Writer out;
        private final Charset charset;
        private final boolean utf8;
        private final boolean singleByte;
        private final AtomicLong bytes;
        /** A high surrogate ended the last write: a low one first in the next makes the pair 4 bytes in UTF-8. */
        private boolean highPending;

        CountingWriter(Writer out, Charset charset, AtomicLong bytes) {
            this.out = out;
            this.charset = charset;
            this.utf8 = charset.equals(StandardCharsets.UTF_8);
            this.singleByte = !utf8 && charset.canEncode() && charset.newEncoder().maxBytesPerChar() == 1.0f;
            this.bytes = bytes;
        }

        @Override
        public void write(char[] buffer, int off, int len) throws IOException {
            out.write(buffer, off, len);
            bytes.addAndGet(count(CharBuffer.wrap(buffer, off, len)));
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            out.write(s, off, len);
            bytes.addAndGet(count(CharBuffer.wrap(s, off, off + len)));
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            bytes.addAndGet(count(CharBuffer.wrap(new char[] {(char) c})));
        }

        private long count(CharBuffer chars) {
            if (singleByte) {
                return chars.remaining();
            }
            if (!utf8) {
                return length(charset, chars);
            }
            long n = 0;
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (highPending && Character.isLowSurrogate(c)) {
                    n += 3; // the high one counted 1: a pair is 4
                } else if (c < 0x80 || Character.isSurrogate(c)) {
                    n += 1; // a lone surrogate is written as '?'
                } else {
                    n += c < 0x800 ? 2 : 3;
                }
                highPending = Character.isHighSurrogate(c);
            }
            return n;
        }

        static long length(Charset charset, CharSequence text) {
            boolean ascii = true;
            for (int i = 0; i < text.length() && ascii; i++) {
                ascii = text.charAt(i) < 0x80;
            }
            if (ascii && (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
                    || charset.equals(StandardCharsets.US_ASCII))) {
                return text.length();
            }
            return charset.encode(CharBuffer.wrap(text)).remaining();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
