package io.github.logstashasync.core.internal.worker;

import java.util.concurrent.ThreadFactory;

/**
 * A thread of a worker. Log records made on it (sqlite-jdbc, for one, logs through JUL) are not shipped: a
 * worker feeding its own buffer could block itself under the BLOCK policy or loop without end.
 */
public final class WorkerThread extends Thread {

    WorkerThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    /** Returns a factory of worker threads, for the threads a worker's queue starts (the queue names them). */
    public static ThreadFactory factory() {
        return task -> new WorkerThread(task, "logstash-async-queue");
    }

    /** Returns a worker thread named {@code name} that runs {@code task}, not started yet. */
    public static Thread named(Runnable task, String name) {
        return new WorkerThread(task, name);
    }

    /** Whether the calling thread is a worker thread of some handler. */
    public static boolean current() {
        return Thread.currentThread() instanceof WorkerThread;
    }
}
