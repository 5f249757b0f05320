package io.nhp.report.security;

import io.nhp.service.security.PartnerTokenMechanism;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is reading a page, as far as money and partners' own figures go: ops ({@value ReportTokens#ADMIN_ROLE}) see
 * every partner's; a partner sees its own; anyone else sees only what the model says (see SECURITY.md).
 */
public record Viewer(boolean admin, String partner) {

    public static final Viewer ANONYMOUS = new Viewer(false, null);

    public static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.hasRole(ReportTokens.ADMIN_ROLE)) {
            return new Viewer(true, null);
        }
        if (identity.hasRole(PartnerTokenMechanism.PARTNER_ROLE)) {
            return new Viewer(false, identity.getPrincipal().getName());
        }
        return ANONYMOUS;
    }

    /** Whether this viewer may see {@code partner}'s live figures: its fleet, savings and payouts. */
    public boolean sees(String partner) {
        return admin || (this.partner != null && this.partner.equals(partner));
    }
}
