package io.nhp.service.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * The partners' public keys ({@code nhp.partner-keys."<partner>"."<key id>"=<PEM file>}): what verifies the
 * enrollment and owner credentials a partner signs. Several key ids per partner are valid together (rotation).
 */
@ConfigMapping(prefix = "nhp.partner-keys")
public interface PartnerKeysConfig {

    /** PEM file (X.509 SubjectPublicKeyInfo, RSA or EC P-256) by key id, by partner key; empty when none. */
    @WithParentName
    Map<String, Map<String, String>> partners();
}
