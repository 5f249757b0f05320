package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cloud GPU offers (price of one instance per hour). */
@Path("/api/v1/prices/cloud")
@Tag(name = "Cloud offers")
public class CloudOfferResource extends ChangeableItemsResource {

    CloudOfferResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.CLOUD_OFFER);
    }
}
