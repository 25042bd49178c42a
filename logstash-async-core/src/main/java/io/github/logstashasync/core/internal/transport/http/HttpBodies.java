package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.spi.Transport.Rejections;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch cut into JSON-array request bodies of at most {@code maxContentLength} bytes each, in batch order,
 * plus the events too large to be sent at all.
 */
final class HttpBodies {

    /**
     * One request body.
     *
     * @param first the batch index of its first event
     * @param count how many events it holds
     * @param bytes the body: {@code [doc,doc,...]}
     */
    record Body(int first, int count, byte[] bytes) {
    }

    private record Rejection(int index, String reason) {
    }

    private final List<Body> bodies;
    private final List<Rejection> rejections;
    private int reported;

    private HttpBodies(List<Body> bodies, List<Rejection> rejections) {
        this.bodies = bodies;
        this.rejections = rejections;
    }

    /** Encodes {@code events} in {@code charset} and cuts them into bodies of at most {@code maxContentLength}. */
    static HttpBodies split(List<String> events, Charset charset, long maxContentLength) {
        List<Body> bodies = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        List<byte[]> pending = new ArrayList<>();
        int pendingFirst = -1;
        long pendingSize = 2;
        for (int i = 0; i < events.size(); i++) {
            byte[] event = events.get(i).getBytes(charset);
            if (event.length + 2L > maxContentLength) {
                rejections.add(new Rejection(i, "event of " + event.length + " bytes exceeds maxContentLength of "
                        + maxContentLength + " bytes"));
                continue;
            }
            long added = pending.isEmpty() ? event.length : event.length + 1L;
            if (pendingSize + added > maxContentLength) {
                bodies.add(body(pendingFirst, pending, pendingSize));
                pending.clear();
                pendingSize = 2;
                added = event.length;
            }
            if (pending.isEmpty()) {
                pendingFirst = i;
            }
            pending.add(event);
            pendingSize += added;
        }
        if (!pending.isEmpty()) {
            bodies.add(body(pendingFirst, pending, pendingSize));
        }
        return new HttpBodies(List.copyOf(bodies), List.copyOf(rejections));
    }

    /** The request bodies, in batch order. */
    List<Body> bodies() {
        return bodies;
    }

    /**
     * Passes on the rejections of events before batch index {@code end} not yet passed on. Rejections are handed
     * over in order and only up to the point the batch got, so that on a failure they all lie within the part
     * reported as delivered.
     */
    void reportBefore(int end, Rejections target) {
        while (reported < rejections.size() && rejections.get(reported).index() < end) {
            Rejection rejection = rejections.get(reported++);
            target.reject(rejection.index(), rejection.reason());
        }
    }

    private static Body body(int first, List<byte[]> events, long size) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        int at = 0;
        bytes[at++] = '[';
        for (int j = 0; j < events.size(); j++) {
            if (j > 0) {
                bytes[at++] = ',';
            }
            byte[] event = events.get(j);
            System.arraycopy(event, 0, bytes, at, event.length);
            at += event.length;
        }
        bytes[at] = ']';
        return new Body(first, events.size(), bytes);
    }
}
