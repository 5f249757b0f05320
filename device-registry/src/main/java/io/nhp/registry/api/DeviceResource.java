package io.nhp.registry.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.devices.DeviceCredentials;
import io.nhp.registry.devices.DeviceDirectory;
import io.nhp.registry.devices.Enrollments;
import io.nhp.registry.devices.RegisterDeviceRequest;
import io.nhp.registry.devices.Registrar;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.Reason;
import io.nhp.registry.security.DeviceTokens;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.registry.streams.RecentHeartbeats;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreAnswers;
import io.nhp.service.kafka.StoreQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Where phones enter: registration, their own status and credential (heartbeats: {@link HeartbeatResource}). */
@Path("/api/v1/devices")
@Tag(name = "Devices")
public class DeviceResource {

    private final DeviceDirectory directory;
    private final Registrar registrar;
    private final DeviceCredentials credentials;
    private final DeviceTokens tokens;
    private final StoreQueries queries;
    private final RegistryConfig config;
    private final JsonWebToken jwt;
    private final MeterRegistry meters;
    private final Enrollments enrollments;
    private final Validator validator;
    private final RecentHeartbeats recent;

    DeviceResource(Registrar registrar, DeviceCredentials credentials, DeviceTokens tokens,
                   StoreQueries queries, RegistryConfig config, JsonWebToken jwt, MeterRegistry meters,
                   Enrollments enrollments, Validator validator, DeviceDirectory directory, RecentHeartbeats recent) {
        this.recent = recent;
        this.directory = directory;
        this.registrar = registrar;
        this.credentials = credentials;
        this.tokens = tokens;
        this.queries = queries;
        this.config = config;
        this.jwt = jwt;
        this.meters = meters;
        this.enrollments = enrollments;
        this.validator = validator;
    }

    @POST
    @PermitAll
    @ResponseStatus(201)
    @Operation(summary = "Register a phone, with its partner's enrollment token",
            description = "Authorization: Bearer <enrollment token signed by the partner> (SECURITY.md). Partner, "
                    + "owner, model and market come from the token; the body adds the agent version, active hours "
                    + "and time zone, and may repeat the token's fields (a contradiction is 403). The model must be "
                    + "one of the partner's; the market resolves to a region (unknown markets to the default "
                    + "region). Returns the device id, its credential and the heartbeat interval.")
    @APIResponse(responseCode = "401", description = "No enrollment token, or one not valid (expired, not signed by "
            + "a key of its partner, not for enrollment)")
    @APIResponse(responseCode = "403", description = "The body contradicts the enrollment token")
    public Uni<RegisteredDevice> register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          RegisterDeviceRequest request) {
        // The partner's authorization first: without it, nothing about the body is answered
        var enrollment = enrollments.authorize(authorization, request);
        if (request == null) {
            request = new RegisterDeviceRequest(null, null, null, null, null, null, null);
        }
        var invalid = validator.validate(request);
        if (!invalid.isEmpty()) {
            throw new ConstraintViolationException(invalid);
        }
        var hours = request.activeHours() == null ? null : new ActiveHours(
                LocalTime.parse(request.activeHours().start()), LocalTime.parse(request.activeHours().end()));
        return registrar.register(new Registrar.Application(enrollment.partner(), enrollment.model(),
                        enrollment.market(), enrollment.ownerId(), request.agentVersion(), hours, request.timeZone()))
                .invoke(device -> meters.counter("nhp.devices.registrations", "partner", device.partner()).increment())
                .map(this::answer);
    }

    @GET
    @Path("/{deviceId}")
    @RolesAllowed(DeviceTokens.DEVICE_ROLE)
    @Operation(summary = "A device's state",
            description = "State and reasons, last heartbeat and when the next is due, answered by the "
                    + "instance that holds the device, whichever is asked; 503 while the store is starting.")
    public Response device(@PathParam("deviceId") String deviceId, @Context UriInfo request) {
        var device = credentials.check(jwt, deviceId);
        Liveness liveness = StoreAnswers.value(queries.<Liveness>get(DeviceTopology.LIVENESS_STORE, deviceId),
                        request.getRequestUri(), "device states")
                .filter(found -> device.registration() != null)
                .orElseThrow(() -> ProblemException.notFound("device '" + deviceId + "' has no state yet"));
        return Response.ok(view(device.registration(), liveness)).build();
    }

    @POST
    @Path("/{deviceId}/credentials")
    @RolesAllowed(DeviceTokens.DEVICE_ROLE)
    @ResponseStatus(201)
    @Operation(summary = "Renew the device's credential",
            description = "Issues a new token and revokes every earlier one (e.g. after a leak). Takes no body: "
                    + "one is refused (400) rather than ignored.")
    public Uni<RegisteredDevice> renewCredential(@PathParam("deviceId") String deviceId, String body,
                                                 @Context UriInfo request) {
        var device = credentials.check(jwt, deviceId);
        if (body != null && !body.isBlank()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("body", "this request takes no body")));
        }
        // another instance holding the device renews it there (StoreForwarding relays its answer)
        DeviceRegisteredEvent registration = device.registration() != null ? device.registration()
                : StoreAnswers.value(directory.find(deviceId), request.getRequestUri(), "device registrations")
                        .orElseThrow(() -> ProblemException.unavailable(
                                "device '" + deviceId + "' is not queryable here yet; try again shortly"));
        return registrar.renewCredential(registration).map(this::answer);
    }

    private RegisteredDevice answer(DeviceRegisteredEvent device) {
        return new RegisteredDevice(device.deviceId(),
                tokens.issue(device.deviceId(), device.partner(), device.credentialVersion()),
                config.heartbeat().intervalSeconds(), device.region(), device.regionDefaulted());
    }

    /**
     * The device as its store says, with when it was last heard and falls silent as this instance (which holds it)
     * knows it: the store's time may be a checkpoint old, and a device restored from it is given that much grace.
     */
    private DeviceView view(DeviceRegisteredEvent registration, Liveness liveness) {
        var heartbeat = config.heartbeat();
        Optional<RecentHeartbeats.Heard> heard = recent.heard(registration.deviceId());
        Instant lastSeen = heard.map(RecentHeartbeats.Heard::lastHeardAt).orElse(liveness.lastHeardAt());
        Instant offlineAfter = heard.map(RecentHeartbeats.Heard::silentAt)
                .orElse(lastSeen == null ? null : lastSeen.plus(heartbeat.offlineAfter()));
        return new DeviceView(registration.deviceId(), registration.partner(), registration.model(),
                registration.tops(), registration.ramGb(), registration.market(), registration.region(),
                registration.regionDefaulted(), liveness.state(),
                liveness.reasons().stream().map(Reason::name).toList(), lastSeen,
                lastSeen == null ? null : lastSeen.plusSeconds(heartbeat.maxIntervalSeconds()), offlineAfter);
    }
}
