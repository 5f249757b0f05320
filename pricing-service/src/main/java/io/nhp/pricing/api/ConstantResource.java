package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Model constants. */
@Path("/api/v1/constants")
@Tag(name = "Constants")
public class ConstantResource extends ReferenceItemsResource {

    ConstantResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.CONSTANT);
    }
}
