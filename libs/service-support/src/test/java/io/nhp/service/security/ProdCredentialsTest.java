package io.nhp.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProdCredentialsTest {

    @Test
    void shouldNameEveryTokenThatIsADevelopmentOrPlaceholderOneAndNoOther() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "nhp.report.admin-token", "dev-admin-token",
                "nhp.report.partners.xiaomi.token", "REPLACE_ME",
                "nhp.report.partners.samsung.token", "k9T2-real-secret-from-the-vault",
                "nhp.auth.clients.admin.token", "test-admin-token",
                "nhp.registry.gateway.token", "changeme",
                "nhp.report.title", "dev-not-a-token"), "test", 100)).build();

        assertThat(ProdCredentials.refused(config)).containsExactly("nhp.auth.clients.admin.token",
                "nhp.registry.gateway.token", "nhp.report.admin-token", "nhp.report.partners.xiaomi.token");
    }
}
