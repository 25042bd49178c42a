package io.github.logstashasync.micrometer;

import io.github.logstashasync.core.LogstashPipeline;
import io.github.logstashasync.core.PipelineMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes the figures of logstash-async pipelines as Micrometer meters named {@code logstash.async.*}, tagged
 * {@code pipeline=<name>}: counters of accepted, persisted, sent, failed, dropped, expired events and retries;
 * gauges of the queue depth, the events in flight, the oldest queued event's age and the recent send times.
 *
 * <pre>{@code
 * new LogstashAsyncMetrics(pipeline).bindTo(registry);   // one pipeline you built
 * LogstashAsyncMetrics.ofRunningPipelines().bindTo(registry);   // every pipeline of this JVM (Logback, Log4j, JUL)
 * }</pre>
 *
 * <p>The meters read the pipeline's {@link PipelineMXBean} when the registry polls them; nothing is added to the
 * logging path.
 */
public final class LogstashAsyncMetrics implements MeterBinder {

    /** The prefix of every meter's name. */
    public static final String PREFIX = "logstash.async.";

    private final List<PipelineMXBean> pipelines;
    private final Iterable<Tag> tags;

    /** Binds the figures of one pipeline. */
    public LogstashAsyncMetrics(LogstashPipeline pipeline) {
        this(List.of(Objects.requireNonNull(pipeline, "pipeline").metrics()), Tags.empty());
    }

    private LogstashAsyncMetrics(List<PipelineMXBean> pipelines, Iterable<Tag> tags) {
        this.pipelines = List.copyOf(pipelines);
        this.tags = tags;
    }

    /**
     * Binds every pipeline registered in the platform MBean server now (those of Logback, Log4j and JUL
     * configurations included, which the application holds no reference to).
     */
    public static LogstashAsyncMetrics ofRunningPipelines() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<PipelineMXBean> found = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("io.github.logstashasync:type=Pipeline,*"), null)) {
                found.add(JMX.newMXBeanProxy(server, name, PipelineMXBean.class));
            }
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        return new LogstashAsyncMetrics(found, Tags.empty());
    }

    /** The same binder with {@code extra} tags on every meter. */
    public LogstashAsyncMetrics withTags(Iterable<Tag> extra) {
        return new LogstashAsyncMetrics(pipelines, Tags.concat(tags, extra));
    }

    /** How many pipelines this binder publishes. */
    public int pipelineCount() {
        return pipelines.size();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (PipelineMXBean pipeline : pipelines) {
            Tags meterTags = Tags.concat(tags, "pipeline", pipeline.getName());
            counter(registry, "events.accepted", "events taken into the buffer", pipeline, meterTags,
                    PipelineMXBean::getAccepted);
            counter(registry, "events.persisted", "events appended to the queue", pipeline, meterTags,
                    PipelineMXBean::getPersisted);
            counter(registry, "events.sent", "events confirmed delivered", pipeline, meterTags, PipelineMXBean::getSent);
            counter(registry, "events.failed", "events rejected for good", pipeline, meterTags,
                    PipelineMXBean::getFailed);
            counter(registry, "events.dropped", "events dropped (buffer full, shutdown, capture failures)", pipeline,
                    meterTags, PipelineMXBean::getDropped);
            counter(registry, "events.expired", "events expired by eventTtl", pipeline, meterTags,
                    PipelineMXBean::getExpired);
            counter(registry, "events.sent.twice", "delivered events whose delete failed, so they are sent again", pipeline,
                    meterTags, PipelineMXBean::getSentTwice);
            counter(registry, "send.retries", "failed sends retried after a back-off", pipeline, meterTags,
                    PipelineMXBean::getRetries);
            counter(registry, "batches.sent", "batches confirmed delivered", pipeline, meterTags,
                    PipelineMXBean::getBatchesSent);
            Gauge.builder(PREFIX + "queue.depth", pipeline, p -> p.getQueueDepth())
                    .description("events accepted and not yet settled").baseUnit("events").tags(meterTags)
                    .register(registry);
            Gauge.builder(PREFIX + "in.flight", pipeline, p -> p.getInFlight())
                    .description("events of the batch being sent").baseUnit("events").tags(meterTags)
                    .register(registry);
            TimeGauge.builder(PREFIX + "oldest.queued.age", pipeline, TimeUnit.MILLISECONDS,
                    p -> p.getOldestQueuedAgeMillis()).description("age of the oldest queued event").tags(meterTags)
                    .register(registry);
            TimeGauge.builder(PREFIX + "send.time", pipeline, TimeUnit.MILLISECONDS,
                    p -> p.getSendLatencyP50Millis()).description("median send time of the recent batches")
                    .tags(Tags.concat(meterTags, "quantile", "0.5")).register(registry);
            TimeGauge.builder(PREFIX + "send.time", pipeline, TimeUnit.MILLISECONDS,
                    p -> p.getSendLatencyP99Millis()).description("99th percentile send time of the recent batches")
                    .tags(Tags.concat(meterTags, "quantile", "0.99")).register(registry);
        }
    }

    private static void counter(MeterRegistry registry, String name, String description, PipelineMXBean pipeline,
            Tags tags, ToDoubleFunction<PipelineMXBean> value) {
        FunctionCounter.builder(PREFIX + name, pipeline, value).description(description).baseUnit("events")
                .tags(tags).register(registry);
    }
}
