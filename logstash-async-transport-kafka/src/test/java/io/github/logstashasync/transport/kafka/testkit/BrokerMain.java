package io.github.logstashasync.transport.kafka.testkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of the broker's JVM: Kafka's own {@code kafka.Kafka}, and a watchdog that halts the JVM when its
 * standard input closes, which it does when the test JVM ends in any way (even {@code kill -9}): no broker is
 * ever left running on a shared machine.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    /**
     * Starts the broker.
     *
     * @param args the path of server.properties
     * @throws Exception what Kafka throws
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // the parent writes nothing; reading only waits for the end of the stream
                }
            } catch (IOException e) {
                // the same: the parent is gone
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
