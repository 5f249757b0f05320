package io.nhp.pricing.api;

import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.pricing.catalog.PartnerCatalog;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OEM partner profiles (read API, open). */
@Path("/api/v1/partners")
@Tag(name = "Partners")
public class PartnerResource {

    private final PartnerCatalog catalog;

    PartnerResource(PartnerCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Every partner, with the version of its profile")
    public List<PartnerSummary> list() {
        return catalog.all().stream().map(PartnerSummary::of).toList();
    }

    @GET
    @Path("/{key}")
    @Operation(summary = "A partner's whole profile, current version")
    public PartnerProfileEvent get(@PathParam("key") String key) {
        return catalog.byKey(key).orElseThrow(() -> ProblemException.notFound("no partner '" + key + "'"));
    }
}
