package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import io.nhp.pricing.security.ApiClients;
import io.nhp.service.json.StrictJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A kind of reference item that an admin may change, field by field; every change is a new version on the topic. */
public abstract class ChangeableItemsResource extends ReferenceItemsResource {

    ChangeableItemsResource(ReferenceCatalog catalog, ReferenceKind kind) {
        super(catalog, kind);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ApiClients.ADMIN)
    @Operation(summary = "Change some fields of one item (admin); publishes the next version unless nothing changes")
    public ReferenceItem change(@PathParam("id") String id, String body, @Context SecurityContext caller)
            throws IOException {
        // parsed here, not by the REST layer, so that decimals stay exact (98.32 never passes through a double); a key
        // given twice or text after the body is a 400, and ChangeRules refuses a field the kind does not have
        return ReferenceItem.of(catalog.change(kind, id, StrictJson.readTree(body),
                caller.getUserPrincipal().getName()));
    }
}
