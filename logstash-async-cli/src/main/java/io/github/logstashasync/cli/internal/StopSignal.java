package io.github.logstashasync.cli.internal;

/**
 * Tells long-running commands (listen, queue flush) that the user wants them to stop (Ctrl-C); in the real tool a
 * JVM shutdown hook, in tests a trigger of their own.
 */
@FunctionalInterface
public interface StopSignal {

    /**
     * Runs {@code action} when the user asks to stop, until the returned registration is closed. The action
     * should return soon: the process ends after it.
     */
    Registration onStop(Runnable action);

    /** Removes a stop action. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** The JVM's: Ctrl-C (SIGINT) and SIGTERM run shutdown hooks. */
    static StopSignal jvm() {
        return action -> {
            Thread hook = new Thread(action, "logstash-async-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already: the hook runs or ran
                }
            };
        };
    }
}
