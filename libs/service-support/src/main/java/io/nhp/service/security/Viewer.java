package io.nhp.service.security;

import io.nhp.service.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as far as partners' figures and money go: ops ({@value #ADMIN_ROLE}) read every partner's; a
 * partner reads its own; anyone else only what is public (the table in SECURITY.md).
 */
public record Viewer(boolean admin, String partner) {

    /** The role of ops' credential. */
    public static final String ADMIN_ROLE = "admin";
    public static final Viewer ANONYMOUS = new Viewer(false, null);

    public static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.hasRole(ADMIN_ROLE)) {
            return new Viewer(true, null);
        }
        if (identity.hasRole(PartnerTokenMechanism.PARTNER_ROLE)) {
            return new Viewer(false, identity.getPrincipal().getName());
        }
        return ANONYMOUS;
    }

    /** Whether this viewer may read {@code partner}'s live figures: its fleet, savings and payouts. */
    public boolean sees(String partner) {
        return admin || (this.partner != null && this.partner.equals(partner));
    }

    /** Nothing, or a 401 (no credential) or 403 (another partner's) problem when this viewer may not read them. */
    public void require(String partner) {
        if (sees(partner)) {
            return;
        }
        if (this.partner == null) {
            throw ProblemException.unauthorized("a partner's figures need its credential (Authorization: Bearer)");
        }
        throw ProblemException.forbidden("a partner may only read its own figures");
    }
}
