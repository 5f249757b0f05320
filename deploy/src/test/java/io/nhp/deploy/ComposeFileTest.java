package io.nhp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/compose/docker-compose.yml runs the services as they are configured, on the platform's topics. */
class ComposeFileTest {

    private static final List<String> SERVICES = List.of("pricing-service", "device-registry", "job-broker",
            "economics-service", "report-service");
    private static final Pattern CREATE = Pattern.compile("create (\\S+) (\\d+) (.*)");

    private final JsonNode compose = new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("compose", "docker-compose.yml").toFile());

    ComposeFileTest() throws IOException {
    }

    @Test
    void shouldRunEveryServiceOnItsPortWithEnvironmentItsConfigurationReads() throws IOException {
        JsonNode services = compose.path("services");
        assertThat(services.has("kafka")).isTrue();
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.has("prometheus") && services.has("grafana")).isTrue();
        assertThat(services.path("fleet-simulator").path("profiles").toString()).contains("sim");
        for (String service : SERVICES) {
            JsonNode definition = services.path(service);
            assertThat(definition.isMissingNode()).as(service).isFalse();
            assertThat(definition.path("build").path("args").path("SERVICE").asText()).isEqualTo(service);
            Properties config = properties(service);
            String port = config.getProperty("quarkus.http.port");
            assertThat(definition.path("ports").get(0).asText()).as(service + " port").isEqualTo(port + ":" + port);
            String text = Files.readString(Path.of("..", service, "src/main/resources/application.properties"));
            definition.path("environment").fieldNames().forEachRemaining(variable ->
                    assertThat(readBy(variable, config, text)).as(service + " reads " + variable).isTrue());
        }
    }

    @Test
    void shouldCreateExactlyTheContractsTopics() {
        Map<String, String> created = new LinkedHashMap<>();
        for (String line : compose.path("services").path("kafka-init").path("command").get(0).asText().split("\n")) {
            Matcher m = CREATE.matcher(line.trim());
            if (m.matches()) {
                created.put(m.group(1), m.group(2) + " " + m.group(3));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (Topic<String, ?> topic : Topics.ALL) {
            StringBuilder configs = new StringBuilder("--config cleanup.policy=" + topic.configs().get("cleanup.policy"));
            if (topic.configs().containsKey("retention.ms")) {
                configs.append(" --config retention.ms=").append(topic.configs().get("retention.ms"));
            }
            expected.put(topic.name(), topic.partitions() + " " + configs);
        }
        assertThat(created).isEqualTo(expected);
    }

    private static Properties properties(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("..", service, "src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * Whether the service reads an environment variable: as the {@code ${VAR}} of a property, or as a property itself
     * under MicroProfile Config's environment mapping (KAFKA_BOOTSTRAP_SERVERS is kafka.bootstrap.servers).
     */
    private static boolean readBy(String variable, Properties config, String text) {
        if (text.contains("${" + variable + "}") || text.contains("${" + variable + ":")) {
            return true;
        }
        return config.stringPropertyNames().stream().map(name -> name.replaceFirst("^%[a-z]+\\.", ""))
                .anyMatch(name -> name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT).equals(variable));
    }
}
