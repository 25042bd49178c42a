package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.spi.Transport.Rejections;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch cut into JSON-array request bodies of at most {@code maxContentLength} bytes each, in batch order,
 * plus the events too large to be sent at all. A body can be cut in halves again when the receiver's own limit
 * turns out to be lower.
 */
final class HttpBodies {

    /**
     * One request body.
     *
     * @param first   the batch index of its first event
     * @param count   how many events it holds
     * @param bytes   the body: {@code [doc,doc,...]}
     * @param indices the batch index of each event (events rejected before lie between, so not always contiguous)
     * @param starts  where each event starts in {@code bytes}
     */
    record Body(int first, int count, byte[] bytes, int[] indices, int[] starts) {

        /** The first and the second half of the events, for a receiver that refused this body as too large. */
        List<Body> halves() {
            int middle = count / 2;
            return List.of(slice(0, middle), slice(middle, count));
        }

        private Body slice(int from, int to) {
            int start = starts[from];
            // up to the comma after the last event of the slice, or to the closing bracket
            int end = to < count ? starts[to] - 1 : bytes.length - 1;
            byte[] part = new byte[end - start + 2];
            part[0] = '[';
            System.arraycopy(bytes, start, part, 1, end - start);
            part[part.length - 1] = ']';
            int[] partStarts = new int[to - from];
            for (int k = 0; k < partStarts.length; k++) {
                partStarts[k] = starts[from + k] - start + 1;
            }
            int[] partIndices = Arrays.copyOfRange(indices, from, to);
            return new Body(partIndices[0], to - from, part, partIndices, partStarts);
        }
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
        List<Integer> pendingIndices = new ArrayList<>();
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
                bodies.add(body(pendingIndices, pending, pendingSize));
                pending.clear();
                pendingIndices.clear();
                pendingSize = 2;
                added = event.length;
            }
            pending.add(event);
            pendingIndices.add(i);
            pendingSize += added;
        }
        if (!pending.isEmpty()) {
            bodies.add(body(pendingIndices, pending, pendingSize));
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

    private static Body body(List<Integer> indices, List<byte[]> events, long size) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        int[] starts = new int[events.size()];
        int at = 0;
        bytes[at++] = '[';
        for (int j = 0; j < events.size(); j++) {
            if (j > 0) {
                bytes[at++] = ',';
            }
            byte[] event = events.get(j);
            starts[j] = at;
            System.arraycopy(event, 0, bytes, at, event.length);
            at += event.length;
        }
        bytes[at] = ']';
        int[] batchIndices = indices.stream().mapToInt(Integer::intValue).toArray();
        return new Body(batchIndices[0], events.size(), bytes, batchIndices, starts);
    }
}
