package io.nhp.pricing.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.pricing.catalog.PartnerCatalog;
import io.nhp.modeldata.ModelData;
import io.nhp.pricing.security.ApiClients;
import io.nhp.service.ProblemException;
import io.nhp.service.json.StrictJson;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OEM partner profiles: read (open), add and replace (admin), as JSON or as YAML in the model's file shape. */
@Path("/api/v1/partners")
@Tag(name = "Partners")
public class PartnerResource {

    static final String YAML = "application/yaml";

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

    @POST
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @RolesAllowed(ApiClients.ADMIN)
    @Operation(summary = "Add a partner (admin): a profile in the shape of the model's companies/<key>.yaml")
    public Response add(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                        @Context SecurityContext caller, @Context UriInfo uri) throws IOException {
        var accepted = catalog.add(parse(body, contentType), caller.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(accepted.partner().partner()).build())
                .entity(PartnerChange.of(accepted)).build();
    }

    @PUT
    @Path("/{key}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @RolesAllowed(ApiClients.ADMIN)
    @Operation(summary = "Replace a partner's whole profile (admin); an identical profile publishes nothing")
    public PartnerChange replace(@PathParam("key") String key, String body,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @Context SecurityContext caller) throws IOException {
        return PartnerChange.of(catalog.replace(key, parse(body, contentType), caller.getUserPrincipal().getName()));
    }

    /**
     * YAML exactly as the model's files are written, or JSON (a key given twice or text after it refused);
     * decimals keep their written scale either way. A profile may carry fields ProfileRules does not check (the
     * model's files do), so unknown fields are kept, not refused.
     */
    private static JsonNode parse(String body, String contentType) throws IOException {
        boolean yaml = contentType != null && contentType.toLowerCase().contains("yaml");
        return yaml ? ModelData.YAML.readTree(body) : StrictJson.readTree(body);
    }
}
