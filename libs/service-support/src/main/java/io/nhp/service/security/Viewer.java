package io.nhp.service.security;

import io.nhp.service.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as far as partners' figures, money and personal data go: ops ({@value #ADMIN_ROLE}) read
 * everything; a partner its own figures; an owner ({@value #OWNER_ROLE}, a credential from its partner) its own
 * phones and earnings; anyone else only what is public (the table in SECURITY.md).
 */
public record Viewer(boolean admin, String partner, String ownerId) {

    /** The role of ops' credential. */
    public static final String ADMIN_ROLE = "admin";
    /** The role of an owner's credential. */
    public static final String OWNER_ROLE = "owner";
    public static final Viewer ANONYMOUS = new Viewer(false, null, null);

    public static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.hasRole(ADMIN_ROLE)) {
            return new Viewer(true, null, null);
        }
        if (identity.hasRole(PartnerTokenMechanism.PARTNER_ROLE)) {
            return new Viewer(false, identity.getPrincipal().getName(), null);
        }
        if (identity.hasRole(OWNER_ROLE)) {
            return new Viewer(false, null, identity.getPrincipal().getName());
        }
        return ANONYMOUS;
    }

    /** Whether this viewer may read {@code partner}'s live figures: its fleet, savings and payouts. */
    public boolean sees(String partner) {
        return admin || (this.partner != null && this.partner.equals(partner));
    }

    /** Whether this viewer may read what {@code ownerId}'s phones did and earned. */
    public boolean seesOwner(String ownerId) {
        return admin || (this.ownerId != null && this.ownerId.equals(ownerId));
    }

    /** Nothing, or a 401 (no credential) or 403 (someone else's) problem when this viewer may not read them. */
    public void require(String partner) {
        refuseUnless(sees(partner), "a partner may only read its own figures");
    }

    /** Nothing, or a 401 (no credential) or 403 (someone else's) problem when this viewer may not read them. */
    public void requireOwner(String ownerId) {
        refuseUnless(seesOwner(ownerId), "an owner may only read its own phones and earnings");
    }

    private void refuseUnless(boolean allowed, String why) {
        if (allowed) {
            return;
        }
        if (this == ANONYMOUS || equals(ANONYMOUS)) {
            throw ProblemException.unauthorized("this needs a credential (Authorization: Bearer, or ?access_token=)");
        }
        throw ProblemException.forbidden(why);
    }
}
