package io.nhp.economics.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.economics.streams.ProjectionTopology;
import io.nhp.service.kafka.StoreAnswers;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.figures.Mode;
import io.nhp.service.ProblemException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A partner's scenario model (Simulation v2.0), as last recomputed from the reference data. */
@Path("/api/v1/projections")
@Tag(name = "Projections")
public class ProjectionResource {

    /** One mode of a partner's projection and what it was computed from. */
    public record ProjectionView(String partner, String mode, long partnerVersion, Instant computedAt,
                                 Map<String, Long> inputVersions, JsonNode projection) {
    }

    private final StoreQueries queries;

    ProjectionResource(StoreQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{partner}")
    @Operation(summary = "Every table of the partner's deep-dive report: raw values and formatted cells",
            description = "corrected (default) fixes the published model's defects D1-D8; reference reproduces the "
                    + "published figures digit for digit. 404 for an unknown partner; answered by the instance that holds the "
                    + "partner, whichever is asked; 503 while the store is starting.")
    public ProjectionView projection(@PathParam("partner") String partner,
                                     @Parameter(description = "corrected or reference")
                                     @QueryParam("mode") @DefaultValue("corrected") String mode,
                                     @Context UriInfo request) {
        Mode chosen = parse(mode);
        ProjectionEvent event = StoreAnswers.value(queries.<ProjectionEvent>get(ProjectionTopology.PROJECTION_STORE,
                        partner), request.getRequestUri(), "projections")
                .orElseThrow(() -> ProblemException.notFound("no projection for partner '" + partner + "'"));
        JsonNode projection = event.projections().get(chosen.wireName());
        if (projection == null) {
            throw ProblemException.unprocessable("the " + chosen.wireName() + " model refuses the profile of '"
                    + partner + "': " + event.refused().get(chosen.wireName()));
        }
        return new ProjectionView(partner, chosen.wireName(), event.partnerVersion(), event.eventTime(),
                event.inputVersions(), projection);
    }

    private static Mode parse(String mode) {
        try {
            return Mode.of(mode);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid request", "mode must be corrected or reference, not '" + mode + "'");
        }
    }
}
