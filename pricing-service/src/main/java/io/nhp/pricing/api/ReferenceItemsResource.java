package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The read API of one kind of reference item (open): the list, one item, one item's history. */
public abstract class ReferenceItemsResource {

    protected final ReferenceCatalog catalog;
    protected final ReferenceKind kind;

    ReferenceItemsResource(ReferenceCatalog catalog, ReferenceKind kind) {
        this.catalog = catalog;
        this.kind = kind;
    }

    @GET
    @Operation(summary = "Every item of this kind, current versions, in the model's order")
    public List<ReferenceItem> list() {
        return catalog.all(Optional.of(kind)).stream().map(ReferenceItem::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One item, current version")
    public ReferenceItem get(@PathParam("id") String id) {
        return ReferenceItem.of(find(id));
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every version of one item, oldest first: its data, when it took effect and who changed it")
    public List<ReferenceDataEvent.Revision> history(@PathParam("id") String id) {
        return find(id).revisions();
    }

    private ReferenceDataEvent find(String id) {
        return catalog.get(kind, id)
                .orElseThrow(() -> ProblemException.notFound("no " + kind.keyPrefix() + " '" + id + "'"));
    }
}
