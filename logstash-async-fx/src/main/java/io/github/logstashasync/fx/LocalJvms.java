package io.github.logstashasync.fx;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Finds the local JVMs of this user that run at least one pipeline, as {@code logstash-async status} without a
 * process id lists them: it attaches to each JVM and reads its MBeans. A JVM whose local JMX agent is not running
 * yet gets it started, as jconsole does; one that cannot be attached to (another user's, ending, started with
 * {@code -XX:+DisableAttachMechanism}) or does not answer within {@link #PATIENCE} is left out.
 */
final class LocalJvms {

    /** How long the search waits for all JVMs to answer; a JVM that does not answer in time is left out. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    /** How many JVMs are attached to at the same time: an unresponsive one must not hold up the others. */
    private static final int PARALLEL = 4;

    /**
     * A local JVM with pipelines.
     *
     * @param pid       its process id
     * @param program   its main class or jar, as the Attach API names it
     * @param pipelines the names of its pipelines
     */
    record Found(long pid, String program, List<String> pipelines) {

        Found {
            pipelines = List.copyOf(pipelines);
        }
    }

    /** Lists local JVMs; tests narrow the search to their own child processes. */
    @FunctionalInterface
    interface Finder {
        /** The local JVMs that run pipelines now, by process id. Blocks: call it off the JavaFX thread. */
        List<Found> find();
    }

    private LocalJvms() {
    }

    /** Every local JVM of this user but the monitor's own. */
    static Finder all() {
        return () -> find(pid -> true);
    }

    /** The local JVMs whose process id {@code consider} accepts, the monitor's own always excluded. */
    static List<Found> find(LongPredicate consider) {
        long self = ProcessHandle.current().pid();
        List<Callable<Found>> reads = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(descriptor.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid != self && consider.test(pid)) {
                reads.add(() -> read(pid, descriptor.displayName()));
            }
        }
        if (reads.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, reads.size()), runnable -> {
            Thread thread = new Thread(runnable, "logstash-async-monitor-attach");
            thread.setDaemon(true);
            return thread;
        });
        List<Found> found = new ArrayList<>();
        try {
            for (Future<Found> read : pool.invokeAll(reads, PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    Found jvm = read.get();
                    if (jvm != null) {
                        found.add(jvm);
                    }
                } catch (ExecutionException | CancellationException e) {
                    // did not answer in time, or failed in a way read() did not expect: not one to pick
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        found.sort(Comparator.comparingLong(Found::pid));
        return found;
    }

    /** The JVM {@code pid} if it runs pipelines, else null. */
    private static Found read(long pid, String displayName) {
        try (JvmConnection connection = JvmConnection.open(new JvmTarget.Local(pid))) {
            List<String> names = new ArrayList<>();
            for (PipelineFigures figures : connection.read(Clock.systemUTC()).pipelines()) {
                names.add(figures.key());
            }
            if (names.isEmpty()) {
                return null;
            }
            String program = JvmConnection.program(displayName);
            return new Found(pid, program.isEmpty() ? connection.program() : program, names);
        } catch (IOException | RuntimeException e) {
            // a JVM that cannot be read (another user's, ending, attach disabled): not one to pick
            return null;
        }
    }
}
