package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Markets and the region each maps to (a null region: no data, the default region applies). */
@Path("/api/v1/markets")
@Tag(name = "Markets")
public class MarketResource extends ReferenceItemsResource {

    MarketResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.MARKET);
    }
}
