package io.nhp.pricing.api;

import io.nhp.contracts.events.ReferenceKind;
import io.nhp.pricing.catalog.ReferenceCatalog;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** AI task types. */
@Path("/api/v1/task-types")
@Tag(name = "Task types")
public class TaskTypeResource extends ChangeableItemsResource {

    TaskTypeResource(ReferenceCatalog catalog) {
        super(catalog, ReferenceKind.TASK_TYPE);
    }
}
