package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Regions (electricity price, average income) and the default region. */
@Path("/api/v1/regions")
@Tag(name = "Regions")
public class RegionResource extends ChangeableItemsResource {

    RegionResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.REGION);
    }
}
