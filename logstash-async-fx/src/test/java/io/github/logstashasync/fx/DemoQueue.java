package io.github.logstashasync.fx;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a new queue database with events that look like an application's, some failed and some in flight,
 * then keeps it busy for a while (events arrive, batches leave), for the README's screenshot and for trying
 * the monitor by hand: {@code DemoQueue DB SECONDS}. An existing database is only kept busy.
 */
public final class DemoQueue {

    private static final String[] LOGGERS = {"com.example.shop.OrderService", "com.example.shop.PaymentClient",
        "com.example.shop.http.RequestLog", "com.example.inventory.StockSync", "com.example.auth.SessionStore"};
    private static final String[] MESSAGES = {"order %d placed by customer %d", "payment %d authorised in %d ms",
        "GET /api/orders/%d 200 in %d ms", "stock of item %d synchronised, %d units", "session %d renewed for user %d",
        "retrying payment %d after timeout (%d ms)", "order %d shipped, %d parcels"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "WARNING", "SEVERE", "FINE"};

    private final Random random = new Random(42);
    private long sequence;

    private DemoQueue() {
    }

    /** Fills {@code args[0]} and keeps it busy for {@code args[1]} seconds (default 20). */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        DemoQueue demo = new DemoQueue();
        boolean fresh = !Files.exists(db);
        try (SqliteEventQueue queue = SqliteEventQueue.open(db, PipelineSettings.builder().build())) {
            if (fresh) {
                demo.fill(queue, 1800);
            }
            System.out.println("ready");
            System.out.flush();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            int tick = 0;
            while (System.nanoTime() - end < 0) {
                tick++;
                boolean growing = tick % 80 < 48;
                queue.append(demo.events(growing ? 8 + demo.random.nextInt(14) : 2 + demo.random.nextInt(6)));
                List<QueuedEvent> batch = queue.claim(growing ? demo.random.nextInt(9) : 10 + demo.random.nextInt(14),
                        Duration.ofMinutes(2));
                queue.delete(batch);
                Thread.sleep(250);
            }
        }
    }

    /** Appends {@code count} events, fails a few with a receiver's reasons and leaves a batch in flight. */
    void fill(SqliteEventQueue queue, int count) throws QueueException {
        for (int appended = 0; appended < count; appended += 500) {
            queue.append(events(Math.min(500, count - appended)));
        }
        List<QueuedEvent> rejected = queue.claim(14, Duration.ofMinutes(2));
        Map<Long, String> reasons = new HashMap<>();
        for (QueuedEvent event : rejected) {
            reasons.put(event.id(), event.id() % 3 == 0
                    ? "HTTP 413 Payload Too Large: request entity larger than the receiver's limit of 1048576 bytes"
                    : "HTTP 400 Bad Request: {\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to"
                    + " parse field [extra.order_id] of type [long]\"}}");
        }
        queue.fail(rejected, reasons);
        // a batch a sender holds right now
        queue.claim(25, Duration.ofMinutes(2));
    }

    /** Returns {@code count} events as the Logstash formatter writes them. */
    List<String> events(int count) {
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sequence++;
            String logger = LOGGERS[random.nextInt(LOGGERS.length)];
            String message = String.format(MESSAGES[random.nextInt(MESSAGES.length)], 40_000 + sequence,
                    random.nextInt(900) + 10);
            events.add("{\"@timestamp\":\"" + Instant.now() + "\",\"@version\":\"1\",\"host\":\"shop-web-2\","
                    + "\"level\":\"" + LEVELS[random.nextInt(LEVELS.length)] + "\",\"logsource\":\"shop-web-2\","
                    + "\"message\":\"" + message + "\",\"pid\":48213,\"program\":\"shop.jar\",\"type\":\"java\","
                    + "\"tags\":[\"shop\"],\"extra\":{\"logger_name\":\"" + logger + "\",\"thread_name\":\"http-nio-"
                    + (random.nextInt(8) + 1) + "\",\"func_name\":\"handle\",\"line\":" + (random.nextInt(400) + 20)
                    + ",\"order_id\":" + (40_000 + sequence) + ",\"environment\":\"production\"}}");
        }
        return events;
    }
}
