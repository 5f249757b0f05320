package io.nhp.report.api;

import io.nhp.report.views.Owners;
import io.nhp.service.ProblemException;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an owner's phones did and earned, per device and day, and why a phone is not computing right now. */
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

    OwnerPage(Owners owners, Template owner) {
        this.owners = owners;
        this.owner = owner;
    }

    @GET
    @Path("owners/{ownerId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "An owner's phones: earnings per device and day, and why a phone is not computing now")
    public String page(@PathParam("ownerId") String ownerId) {
        return owner.data("view", view(ownerId)).render();
    }

    @GET
    @Path("api/v1/owners/{ownerId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same as JSON", description = "404 when nothing is known of the owner.")
    public OwnerView json(@PathParam("ownerId") String ownerId) {
        return view(ownerId);
    }

    private OwnerView view(String ownerId) {
        return OwnerView.of(ownerId, owners.owner(ownerId).orElseThrow(() ->
                ProblemException.notFound("no phone of owner '" + ownerId + "' has registered or earned anything")));
    }
}
