package io.nhp.pricing.security;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Set;

/** The API's clients: who may call the write API, by bearer token. */
@ConfigMapping(prefix = "nhp.auth")
public interface ApiClients {

    /** The role that may change reference data. */
    String ADMIN = "admin";

    /** Clients by name; the name is recorded as {@code changedBy}. */
    Map<String, Client> clients();

    /** One client. */
    interface Client {

        /** Its bearer token: a secret, given by the environment outside dev and test. */
        String token();

        /** The roles it holds, e.g. {@code admin}. */
        Set<String> roles();
    }
}
