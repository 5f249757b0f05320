package io.nhp.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every topic a module's {@code src/main/resources/application.properties} names (a channel's {@code topic}, a
 * Streams application's {@code quarkus.kafka-streams.topics}, any other {@code …topic} or {@code …topics}, in every
 * profile) is a topic of the registry: a misspelt or undeclared topic fails the build, not the first deployment.
 */
class ConfiguredTopicsTest {

    /** The repository, two levels above this module (tests run in the module's directory). */
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    /** A property that names topics: its last segment is {@code topic} or {@code topics} (or ends in {@code -topic(s)}). */
    private static final Pattern TOPIC_PROPERTY = Pattern.compile("(^|[.-])topics?$");

    @Test
    void shouldNameOnlyRegisteredTopicsInEveryModulesConfiguration() {
        // given every module's configuration
        Map<String, Properties> configurations = configurations(ROOT);
        assertThat(configurations).as("configurations found under %s", ROOT).containsKeys(
                "device-registry", "economics-service", "report-service", "job-broker", "pricing-service");

        // when the topics they name are looked up in the registry
        List<String> named = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        configurations.forEach((module, properties) -> {
            named.addAll(topics(properties).stream().map(Map.Entry::getValue).toList());
            unregistered(properties).forEach(property -> unregistered.add(module + ": " + property));
        });

        // then each is there (and the configurations were read: the Streams applications' and channels' topics are found)
        assertThat(named).contains(Topics.DEVICES_HEARTBEATS.name(), Topics.JOBS_COMPLETED.name(),
                Topics.ECONOMICS_SAVINGS.name());
        assertThat(unregistered).as("topics the registry (io.nhp.contracts.Topics) does not declare").isEmpty();
    }

    @Test
    void shouldCatchATopicTheRegistryDoesNotHave() {
        // given a channel on a misspelt topic, and a Streams topic list in a profile with one more
        var properties = new Properties();
        properties.setProperty("mp.messaging.incoming.beats.topic", "nhp.devices.heartbeat");
        properties.setProperty("%dev.quarkus.kafka-streams.topics", "nhp.devices.status, nhp.device.status");
        properties.setProperty("mp.messaging.incoming.statuses.topic", Topics.DEVICES_STATUS.name());
        properties.setProperty("nhp.jobs.max-failures", "3");

        // when / then
        assertThat(unregistered(properties)).containsExactlyInAnyOrder(
                "%dev.quarkus.kafka-streams.topics=nhp.device.status", "mp.messaging.incoming.beats.topic=nhp.devices.heartbeat");
    }

    /** {@code property=topic} for each topic the properties name that the registry does not declare. */
    private static List<String> unregistered(Properties properties) {
        return topics(properties).stream()
                .filter(named -> Topics.byName(named.getValue()).isEmpty())
                .map(named -> named.getKey() + "=" + named.getValue())
                .toList();
    }

    /** Each topic named, with the property naming it (a list property gives one entry per topic). */
    private static List<Map.Entry<String, String>> topics(Properties properties) {
        return properties.stringPropertyNames().stream().sorted()
                .filter(key -> TOPIC_PROPERTY.matcher(key).find())
                .flatMap(key -> Arrays.stream(properties.getProperty(key).split(","))
                        .map(String::trim).filter(topic -> !topic.isEmpty()).map(topic -> Map.entry(key, topic)))
                .toList();
    }

    /** Each module's {@code src/main/resources/application.properties}, by the module's path under the root. */
    private static Map<String, Properties> configurations(Path root) {
        Map<String, Properties> configurations = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(root) && (name.startsWith(".") || name.equals("target")
                            || name.equals("node_modules"));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (file.endsWith(Path.of("src", "main", "resources", "application.properties"))) {
                        var properties = new Properties();
                        try (Reader reader = Files.newBufferedReader(file)) {
                            properties.load(reader);
                        }
                        Path module = root.relativize(file).getParent().getParent().getParent().getParent();
                        configurations.put(module.toString(), properties);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the modules' configurations under " + root, e);
        }
        return configurations;
    }
}
