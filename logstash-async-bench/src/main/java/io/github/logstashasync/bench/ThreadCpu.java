package io.github.logstashasync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU time goes: the CPU time of every Java thread between {@link #start()} and {@link #report}, grouped
 * by thread name (numbers stripped), per event. The rest of the process's CPU time (GC, JIT, VM threads) is
 * shown as {@code other}.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, Long> before = new HashMap<>();
    private final Map<Long, Long> allocatedBefore = new HashMap<>();
    private long processBefore;

    /** Notes the CPU time of every thread now. */
    void start() {
        before.clear();
        allocatedBefore.clear();
        for (long id : THREADS.getAllThreadIds()) {
            before.put(id, THREADS.getThreadCpuTime(id));
            allocatedBefore.put(id, allocated(id));
        }
        processBefore = OS.getProcessCpuTime();
    }

    /** Returns the CPU time per event of each group of threads since {@link #start()}, as one line. */
    String report(long events) {
        if (events <= 0) {
            return "no events";
        }
        Map<String, Long> groups = new TreeMap<>();
        Map<String, Long> allocations = new TreeMap<>();
        long threadsTotal = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long now = THREADS.getThreadCpuTime(id);
            var info = THREADS.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            long spent = now - before.getOrDefault(id, 0L);
            threadsTotal += spent;
            String name = info.getThreadName().replaceAll("-\\d+", "-N").replaceAll("jmh-worker-N", "jmh-worker");
            groups.merge(name, spent, Long::sum);
            long bytes = allocated(id);
            if (bytes >= 0) {
                allocations.merge(name, bytes - allocatedBefore.getOrDefault(id, 0L), Long::sum);
            }
        }
        long process = OS.getProcessCpuTime() - processBefore;
        StringBuilder line = new StringBuilder(String.format("CPU per event: total %.2f us", process / 1e3 / events));
        groups.forEach((name, nanos) -> {
            if (nanos * 100 >= process) {
                line.append(String.format(", %s %.2f", name, nanos / 1e3 / events));
            }
        });
        line.append(String.format(", other (GC, JIT, VM) %.2f", (process - threadsTotal) / 1e3 / events));
        long allocatedTotal = allocations.values().stream().mapToLong(Long::longValue).sum();
        line.append(String.format("; bytes allocated per event: total %.0f", (double) allocatedTotal / events));
        allocations.forEach((name, bytes) -> {
            if (bytes * 50 >= allocatedTotal) {
                line.append(String.format(", %s %.0f", name, (double) bytes / events));
            }
        });
        return line.toString();
    }

    /** Bytes the thread allocated so far, or -1 when the JVM does not tell. */
    private static long allocated(long id) {
        return THREADS instanceof com.sun.management.ThreadMXBean sun ? sun.getThreadAllocatedBytes(id) : -1;
    }
}
