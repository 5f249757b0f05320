package io.nhp.kafka.testkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of a forked broker JVM: runs {@code kafka.Kafka}, and, when asked, exits as soon as its parent's
 * pipe on stdin closes, so a test JVM that dies without running its shutdown hooks leaves no broker behind.
 * Loads nothing but Kafka's own classes (it runs on the broker's classpath, not the client's).
 */
public final class BrokerMain {

    /** System property: {@code true} to stop the broker when stdin reaches end of file. */
    public static final String EXIT_WITH_PARENT = "nhp.broker.exitWithParent";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean(EXIT_WITH_PARENT)) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                System.exit(0); // runs Kafka's own shutdown hook: a clean stop
            }, "parent-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // nothing is ever written; we only wait for end of file
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone, the same as end of file
        }
    }
}
