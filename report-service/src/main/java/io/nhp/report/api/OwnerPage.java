package io.nhp.report.api;

import io.nhp.report.views.Owners;
import io.nhp.service.ProblemException;
import io.nhp.service.security.Viewer;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What an owner's phones did and earned, per device and day, and why a phone is not computing right now. Personal
 * data: for the owner (a credential from its partner) and ops, as a bearer header or, in a browser,
 * {@code ?access_token=}.
 */
@Path("/")
@Tag(name = "Owners")
public class OwnerPage {

    /** The owner's devices and the sums over all their days. */
    public record OwnerView(String ownerId, List<Owners.Device> devices, long jobs, BigDecimal grossUsd,
                            BigDecimal electricityUsd, BigDecimal netUsd) {

        static OwnerView of(String ownerId, List<Owners.Device> devices) {
            List<Owners.Day> days = devices.stream().flatMap(d -> d.days().stream()).toList();
            return new OwnerView(ownerId, devices, days.stream().mapToLong(Owners.Day::jobs).sum(),
                    sum(days, Owners.Day::grossUsd), sum(days, Owners.Day::electricityUsd), sum(days, Owners.Day::netUsd));
        }

        private static BigDecimal sum(List<Owners.Day> days, java.util.function.Function<Owners.Day, BigDecimal> amount) {
            return days.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private final Owners owners;
    private final Template owner;
    private final SecurityIdentity identity;

    OwnerPage(Owners owners, Template owner, SecurityIdentity identity) {
        this.owners = owners;
        this.owner = owner;
        this.identity = identity;
    }

    @GET
    @Path("owners/{ownerId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "An owner's phones: earnings per device and day, and why a phone is not computing now",
            description = "404 with a page saying so when no phone of the owner is known.")
    public Response page(@PathParam("ownerId") String ownerId) {
        Optional<List<Owners.Device>> devices;
        try {
            devices = devices(ownerId);
        } catch (ProblemException refused) {
            // a person in a browser: a page saying how to get in, not a JSON problem (with the problem's headers)
            Response.ResponseBuilder page = Response.status(refused.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(owner.data("view", null).data("unknown", null).data("refused", refused.status()).render());
            refused.headers().forEach(page::header);
            return page.build();
        }
        return devices
                .map(found -> Response.ok(owner.data("view", OwnerView.of(ownerId, found)).data("unknown", null)
                        .data("refused", null).render()))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(owner.data("view", null).data("unknown", ownerId).data("refused", null).render()))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    @GET
    @Path("owners/{ownerId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same as JSON, for a client that asks for it", description = "404 when nothing is known of the owner.")
    public OwnerView pageAsJson(@PathParam("ownerId") String ownerId) {
        return view(ownerId);
    }

    @GET
    @Path("api/v1/owners/{ownerId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same as JSON", description = "404 when nothing is known of the owner.")
    public OwnerView json(@PathParam("ownerId") String ownerId) {
        return view(ownerId);
    }

    /**
     * The owner's phones as the viewer may see them: all for ops; for the owner, those of the partner that vouched
     * for it (an owner id is its partner's); empty when none. 401 without a credential, 403 for someone else's.
     */
    private Optional<List<Owners.Device>> devices(String ownerId) {
        Viewer viewer = Viewer.of(identity);
        if (viewer.admin()) {
            return owners.owner(ownerId);
        }
        viewer.requireOwner(ownerId, viewer.ownerPartner());
        return owners.owner(ownerId).map(devices -> devices.stream()
                .filter(device -> viewer.ownerPartner().equals(device.partner())).toList())
                .filter(devices -> !devices.isEmpty());
    }

    private OwnerView view(String ownerId) {
        return OwnerView.of(ownerId, devices(ownerId).orElseThrow(() ->
                ProblemException.notFound("no phone of owner '" + ownerId + "' has registered or earned anything")));
    }
}
