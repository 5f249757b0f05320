package io.nhp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The development partner key verifies enrollments in dev and test only: production names the partners' own keys. */
class PartnerKeysTest {

    private static final String PREFIX = "nhp.partner-keys.";

    @Test
    void shouldVerifyWithTheDevelopmentPartnerKeyOnlyInDevAndTest() throws IOException {
        Properties registry = new Properties();
        registry.load(new StringReader(Files.readString(
                Path.of("..", "device-registry", "src/main/resources/application.properties"))));

        assertThat(registry.stringPropertyNames()).filteredOn(name -> name.contains(PREFIX)).isNotEmpty()
                .allMatch(name -> name.startsWith("%dev." + PREFIX) || name.startsWith("%test." + PREFIX));
        assertThat(registry.stringPropertyNames()).filteredOn(name -> name.contains(PREFIX))
                .allMatch(name -> name.endsWith(".dev-1"));
    }

    @Test
    void shouldNameEachPartnersOwnKeysFromASecretInKubernetes() throws IOException {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readValues(
                new YAMLFactory().createParser(Path.of("k8s", "30-config.yaml").toFile()), JsonNode.class).next();
        Properties deployed = new Properties();
        deployed.load(new StringReader(config.path("data").path("application.properties").asText()));

        assertThat(deployed.stringPropertyNames()).filteredOn(name -> name.startsWith(PREFIX)).isNotEmpty()
                .allSatisfy(name -> assertThat(deployed.getProperty(name))
                        .startsWith("/deployments/partner-keys/").doesNotContain("dev"));
        assertThat(Files.readString(Path.of("k8s", "40-device-registry.yaml")))
                .contains("secretName: nhp-partner-keys").contains("mountPath: /deployments/partner-keys");
    }
}
