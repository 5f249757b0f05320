package io.nhp.registry.devices;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.Required;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StoreQueries.Result;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.EventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Registers phones: the model must be one of the partner's (its TOPS and RAM come from the profile), the market
 * resolves to a region through the market table (an unknown market gets the default region, and says so), and the
 * registration is answered only once Kafka has it.
 */
@ApplicationScoped
public class Registrar {

    /** Region of markets the model has no data for (MODEL.md D1). */
    public static final String DEFAULT_REGION = "default";

    private final StoreQueries queries;
    private final EventPublisher publisher;
    private final DeviceDirectory directory;

    Registrar(StoreQueries queries, EventPublisher publisher, DeviceDirectory directory) {
        this.queries = queries;
        this.publisher = publisher;
        this.directory = directory;
    }

    /** A registration: partner, model, market and owner as its partner's enrollment names them; the rest as the phone says. */
    public record Application(String partner, String model, String market, String ownerId, String agentVersion,
                              ActiveHours activeHours, String timeZone) {
    }

    public Uni<DeviceRegisteredEvent> register(Application application) {
        if (application.timeZone() != null) {
            try {
                ZoneId.of(application.timeZone());
            } catch (DateTimeException e) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("timeZone",
                        "must be a time zone such as Asia/Kolkata or +05:30")));
            }
        }
        JsonNode model = modelOf(partnerProfile(application.partner()), application);
        String region = regionOf(application.market());
        String deviceId = UUID.randomUUID().toString();
        var registration = new DeviceRegisteredEvent(Required.newEventId(), Instant.now(), deviceId,
                application.partner(), model.path("name").asText(), application.market(), application.ownerId(),
                model.path("tops").asDouble(), model.path("ram_gb").asInt(),
                region == null ? DEFAULT_REGION : region, region == null, application.timeZone(),
                application.activeHours(), application.agentVersion(), 1);
        return publish(registration);
    }

    /** The same device under a new credential version: every older token is revoked. */
    public Uni<DeviceRegisteredEvent> renewCredential(DeviceRegisteredEvent current) {
        var renewed = new DeviceRegisteredEvent(Required.newEventId(), Instant.now(), current.deviceId(),
                current.partner(), current.model(), current.market(), current.ownerId(), current.tops(),
                current.ramGb(), current.region(), current.regionDefaulted(), current.timeZone(),
                current.activeHours(), current.agentVersion(), DeviceCredentials.versionOf(current) + 1);
        return publish(renewed);
    }

    private Uni<DeviceRegisteredEvent> publish(DeviceRegisteredEvent registration) {
        return publisher.publish(Topics.DEVICES_REGISTERED, registration.deviceId(), registration)
                .invoke(() -> directory.remember(registration))
                .replaceWith(registration);
    }

    private JsonNode partnerProfile(String partner) {
        Result<PartnerProfileEvent> found = queries.getLocal(DeviceTopology.PARTNERS_STORE, partner);
        if (found instanceof Result.Found<PartnerProfileEvent> profile) {
            return profile.value().profile();
        }
        if (found instanceof Result.NotReady<PartnerProfileEvent>) {
            throw ProblemException.unavailable("partner profiles are still loading; try again in a few seconds");
        }
        throw ProblemException.unprocessable("no partner '" + partner + "' is known");
    }

    private static JsonNode modelOf(JsonNode profile, Application application) {
        List<String> known = new ArrayList<>();
        for (String list : List.of("flagship_models", "midrange_models")) {
            for (JsonNode model : profile.path(list)) {
                String name = model.path("name").asText();
                if (name.equalsIgnoreCase(application.model().trim())) {
                    return model;
                }
                known.add(name);
            }
        }
        throw ProblemException.unprocessable("partner '" + application.partner() + "' has no model '"
                + application.model() + "'; its models are " + String.join(", ", known));
    }

    /** The market's region key, or null when the market table has none for it. */
    private String regionOf(String market) {
        Result<ReferenceDataEvent> found = queries.getLocal(DeviceTopology.REFERENCE_STORE,
                ReferenceKind.MARKET.key(market));
        if (found instanceof Result.NotReady<ReferenceDataEvent>) {
            throw ProblemException.unavailable("reference data is still loading; try again in a few seconds");
        }
        if (found instanceof Result.Found<ReferenceDataEvent> entry) {
            JsonNode region = entry.value().data().path("region");
            return region.isTextual() ? region.asText() : null;
        }
        return null;
    }
}
