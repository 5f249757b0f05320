package io.nhp.registry.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.Required;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.security.DeviceTokens;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.EventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Where phones enter: registration and heartbeats. Answers only once Kafka has acknowledged the event. */
@Path("/api/v1/devices")
@Tag(name = "Devices")
public class DeviceResource {

    private final EventPublisher publisher;
    private final DeviceTokens tokens;
    private final RegistryConfig config;
    private final JsonWebToken jwt;
    private final MeterRegistry meters;

    DeviceResource(EventPublisher publisher, DeviceTokens tokens, RegistryConfig config, JsonWebToken jwt,
                   MeterRegistry meters) {
        this.publisher = publisher;
        this.tokens = tokens;
        this.config = config;
        this.jwt = jwt;
        this.meters = meters;
    }

    @POST
    @PermitAll
    @ResponseStatus(201)
    @Operation(summary = "Register a phone", description = "Returns the device id and its credential.")
    public Uni<RegisteredDevice> register(@NotNull @Valid RegisterDeviceRequest request) {
        String deviceId = UUID.randomUUID().toString();
        var activeHours = request.activeHours() == null ? null : new ActiveHours(
                LocalTime.parse(request.activeHours().start()), LocalTime.parse(request.activeHours().end()));
        var event = new DeviceRegisteredEvent(Required.newEventId(), Instant.now(), deviceId, request.partner(),
                request.model(), request.market(), request.ownerId(), null, null, null, null,
                request.timeZone(), activeHours, request.agentVersion());
        return publisher.publish(Topics.DEVICES_REGISTERED, deviceId, event)
                .invoke(() -> meters.counter("nhp.devices.registrations", "partner", request.partner()).increment())
                .map(ack -> new RegisteredDevice(deviceId, tokens.issue(deviceId, request.partner()),
                        config.heartbeatIntervalSeconds()));
    }

    @POST
    @Path("/{deviceId}/heartbeats")
    @RolesAllowed(DeviceTokens.DEVICE_ROLE)
    @ResponseStatus(202)
    @Operation(summary = "Post a heartbeat", description = "Accepted once it is durably in Kafka.")
    public Uni<HeartbeatAccepted> heartbeat(@PathParam("deviceId") String deviceId,
                                            @NotNull @Valid HeartbeatRequest request) {
        if (!deviceId.equals(jwt.getSubject())) {
            meters.counter("nhp.heartbeats.rejected", "reason", "wrong_device").increment();
            throw ProblemException.forbidden("this credential belongs to another device");
        }
        String partner = jwt.getClaim(DeviceTokens.PARTNER_CLAIM);
        var event = new HeartbeatEvent(Required.newEventId(), Instant.now(), deviceId, partner,
                request.charging(), request.batteryPct(), request.batteryTempC(), request.network(),
                request.screenOff());
        return publisher.publish(Topics.DEVICES_HEARTBEATS, deviceId, event)
                .invoke(() -> meters.counter("nhp.heartbeats.accepted", "partner", partner).increment())
                .map(ack -> new HeartbeatAccepted(config.heartbeatIntervalSeconds()));
    }
}
