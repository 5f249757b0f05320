package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Everything on {@code nhp.reference.prices}, in one list. */
@Path("/api/v1/prices")
@Tag(name = "Prices")
public class PriceResource {

    private final ReferenceCatalog catalog;

    PriceResource(ReferenceCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Every reference item (cloud offers, tiers, regions, markets, task types, constants)")
    public List<ReferenceItem> all(@Parameter(description = "only this kind: cloud, tier, region, market, task, constant")
                                   @QueryParam("kind") String kind) {
        Optional<ReferenceKind> only = Optional.ofNullable(kind).map(k -> ReferenceKind.ofPrefix(k)
                .orElseThrow(() -> new ProblemException(400, "Invalid request", "unknown kind '" + k + "'")));
        return catalog.all(only).stream().map(ReferenceItem::of).toList();
    }
}
