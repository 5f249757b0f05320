package io.nhp.registry.devices;

import io.nhp.service.ProblemException;
import io.nhp.service.security.BearerTokens;
import io.nhp.service.security.PartnerSignedTokens;
import io.nhp.service.security.PartnerSignedTokens.Credential;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A phone is registered only with its partner's authorization: an enrollment token the partner signed, naming the
 * owner, the model and the market. The request body may repeat those; where it says otherwise, it is refused.
 */
@ApplicationScoped
@Startup
public class Enrollments {

    static final int MAX_OWNER_ID = 128;
    static final int MAX_MODEL = 128;
    static final int MAX_MARKET = 64;

    private final PartnerSignedTokens tokens;

    Enrollments(PartnerSignedTokens tokens) {
        if (!tokens.hasKeys()) {
            // Without keys every registration would be refused: say so at start, not at the first phone
            throw new IllegalStateException("no partner keys are configured (nhp.partner-keys.<partner>.<kid>="
                    + "<PEM file>): device-registry could enroll no phone");
        }
        this.tokens = tokens;
    }

    /**
     * The enrollment the {@code Authorization} header carries, checked against the body: 401 without a valid
     * enrollment token, 403 when the body contradicts it.
     */
    public Credential authorize(String authorization, RegisterDeviceRequest body) {
        String token = BearerTokens.of(authorization).orElseThrow(() -> new PartnerSignedTokens.Refused(
                "registering a phone needs an enrollment token from its partner (Authorization: Bearer …)"));
        Credential enrollment = tokens.enrollment(token);
        // The partner is trusted for what it says, not for its sizes: the same limits as a phone's own fields
        if (enrollment.ownerId().length() > MAX_OWNER_ID || enrollment.model().length() > MAX_MODEL
                || enrollment.market().length() > MAX_MARKET) {
            throw ProblemException.unprocessable("the enrollment token's owner id (at most " + MAX_OWNER_ID
                    + " characters), model (" + MAX_MODEL + ") or market (" + MAX_MARKET + ") is too long");
        }
        List<String> contradictions = new ArrayList<>();
        if (body != null) {
            same("partner", body.partner(), enrollment.partner(), false, contradictions);
            same("ownerId", body.ownerId(), enrollment.ownerId(), false, contradictions);
            same("model", body.model(), enrollment.model(), true, contradictions);
            same("market", body.market(), enrollment.market(), true, contradictions);
        }
        if (!contradictions.isEmpty()) {
            throw ProblemException.forbidden("the body contradicts the partner's enrollment token: "
                    + String.join("; ", contradictions));
        }
        return enrollment;
    }

    private static void same(String field, String inBody, String inToken, boolean ignoreCase, List<String> out) {
        if (inBody == null) {
            return;
        }
        boolean same = ignoreCase ? inBody.trim().equalsIgnoreCase(inToken.trim()) : Objects.equals(inBody, inToken);
        if (!same) {
            out.add(field + " is '" + inToken + "' in the token, '" + inBody + "' in the body");
        }
    }
}
