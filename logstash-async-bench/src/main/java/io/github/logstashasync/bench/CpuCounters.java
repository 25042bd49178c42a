package io.github.logstashasync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the whole benchmark process (every thread: the application's, the library's, the sink's, GC) and
 * the events it moved, per iteration, as JMH secondary results. CPU microseconds per event barely depend on what
 * else runs on the machine, unlike events per second, so they make the comparison fair on a shared machine.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounters {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Process CPU time in microseconds during this iteration's invocations. */
    public long cpuMicros;
    /** Events moved during this iteration's invocations. */
    public long events;

    private long started;

    /** Clears the counters for the next iteration. */
    @Setup(Level.Iteration)
    public void clear() {
        cpuMicros = 0;
        events = 0;
    }

    /** Notes the process's CPU time before an invocation. */
    public void begin() {
        started = OS.getProcessCpuTime();
    }

    /** Adds the CPU time since {@link #begin()} and {@code count} events. */
    public void end(long count) {
        cpuMicros += (OS.getProcessCpuTime() - started) / 1_000;
        events += count;
    }
}
