package io.nhp.service.security;

import io.nhp.service.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as far as partners' figures, money and personal data go: ops ({@value #ADMIN_ROLE}) read
 * everything; a partner its own figures; an owner ({@value #OWNER_ROLE}, a credential from its partner) its own
 * phones and earnings; anyone else only what is public (the table in SECURITY.md).
 */
public record Viewer(boolean authenticated, boolean admin, String partner, String ownerId, String ownerPartner) {

    /** The role of ops' credential. */
    public static final String ADMIN_ROLE = "admin";
    /** The role of the metrics scraper's credential: reads {@code /q/metrics} and nothing else. */
    public static final String METRICS_ROLE = "metrics";
    /** The role of an owner's credential. */
    public static final String OWNER_ROLE = "owner";
    public static final Viewer ANONYMOUS = new Viewer(false, false, null, null, null);
    /** The owner id under which devices without one are kept: nobody's to read but ops'. */
    public static final String UNKNOWN_OWNER = "unknown";

    public static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.hasRole(ADMIN_ROLE)) {
            return new Viewer(true, true, null, null, null);
        }
        if (identity.hasRole(PartnerTokenMechanism.PARTNER_ROLE)) {
            return new Viewer(true, false, identity.getPrincipal().getName(), null, null);
        }
        if (identity.hasRole(OWNER_ROLE)) {
            return new Viewer(true, false, null, identity.getPrincipal().getName(),
                    identity.getAttribute(PartnerTokenMechanism.PARTNER_ROLE));
        }
        return new Viewer(true, false, null, null, null); // a credential that reads none of these (the scraper's)
    }

    /** Whether this viewer may read {@code partner}'s live figures: its fleet, savings and payouts. */
    public boolean sees(String partner) {
        return admin || (this.partner != null && this.partner.equals(partner));
    }

    /**
     * Whether this viewer may read what {@code ownerId}'s phones did and earned: ops, or that owner, vouched for by
     * the partner of the phones (an owner id is its partner's: another partner's credential for the same id reads
     * nothing). {@code partner} null: the owner's phones at every partner, which only ops read.
     */
    public boolean seesOwner(String ownerId, String partner) {
        return admin || (this.ownerId != null && this.ownerId.equals(ownerId) && !UNKNOWN_OWNER.equals(ownerId)
                && partner != null && partner.equals(ownerPartner));
    }

    /** Nothing, or a 401 (no credential) or 403 (someone else's) problem when this viewer may not read them. */
    public void require(String partner) {
        refuseUnless(sees(partner), "a partner may only read its own figures");
    }

    /** Nothing, or a 401 (no credential) or 403 (someone else's) problem when this viewer may not read them. */
    public void requireOwner(String ownerId, String partner) {
        refuseUnless(seesOwner(ownerId, partner), "an owner may only read its own phones and earnings");
    }

    private void refuseUnless(boolean allowed, String why) {
        if (allowed) {
            return;
        }
        if (!authenticated) {
            throw ProblemException.unauthorized("this needs a credential (Authorization: Bearer, or ?access_token=)");
        }
        throw ProblemException.forbidden(why);
    }
}
