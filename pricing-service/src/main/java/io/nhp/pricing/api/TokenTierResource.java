package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Token price tiers (the four scenario variants). */
@Path("/api/v1/token-tiers")
@Tag(name = "Token tiers")
public class TokenTierResource extends ChangeableItemsResource {

    TokenTierResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.TOKEN_TIER);
    }
}
