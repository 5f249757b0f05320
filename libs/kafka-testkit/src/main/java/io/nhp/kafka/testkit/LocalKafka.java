package io.nhp.kafka.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line of the local run ({@code ./nhp up}): starts a Kafka cluster in a given directory with every platform
 * topic, writes {@code bootstrap.servers} there, prints it and exits, leaving the brokers running (stopped by PID).
 *
 * <p>Usage: {@code LocalKafka <dir> [port] [nodes]} (port 9092 and one node by default).
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LocalKafka <dir> [port] [nodes]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try {
            KafkaCluster cluster = KafkaCluster.builder()
                    .baseDir(dir).port(port).nodes(nodes).stopOnExit(false)
                    .start();
            Files.writeString(dir.resolve("bootstrap.servers"), cluster.bootstrapServers());
            System.out.println(cluster.bootstrapServers());
        } catch (RuntimeException e) {
            System.err.println("Kafka did not start: " + e.getMessage());
            System.exit(1);
        }
    }
}
