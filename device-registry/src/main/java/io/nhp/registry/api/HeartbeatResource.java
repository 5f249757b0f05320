package io.nhp.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.nhp.registry.devices.DeviceCredentials;
import io.nhp.registry.ingest.HeartbeatIngest;
import io.nhp.registry.ingest.HeartbeatReader;
import io.nhp.registry.ingest.HeartbeatRequest;
import io.nhp.service.ProblemException;
import io.nhp.service.security.BearerTokens;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * A phone's heartbeat, the request every phone sends every minute. It verifies the device credential itself (the
 * remembered-token parser, then {@link DeviceCredentials#heartbeatPartner}) and reads the body in one pass
 * ({@link HeartbeatReader}), rather than through Quarkus' security identity and data binding: per request those
 * were most of the endpoint's work (bench/README, #22). The answers are the same: 401 with {@code WWW-Authenticate:
 * Bearer} for no or an invalid credential, 403 for another device's or one without the device role.
 */
@Path("/api/v1/devices/{deviceId}/heartbeats")
@Tag(name = "Devices")
public class HeartbeatResource {

    private final HeartbeatReader reader;
    private final HeartbeatIngest ingest;
    private final DeviceCredentials credentials;

    HeartbeatResource(HeartbeatReader reader, HeartbeatIngest ingest, DeviceCredentials credentials) {
        this.reader = reader;
        this.ingest = ingest;
        this.credentials = credentials;
    }

    @POST
    @PermitAll
    @ResponseStatus(202)
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(summary = "Post a heartbeat",
            description = "Authorization: Bearer <the device's credential>. Accepted once it is durably in Kafka; the "
                    + "answer says when to send the next one.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HeartbeatRequest.class)))
    @APIResponse(responseCode = "202", description = "In Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HeartbeatAccepted.class)))
    @APIResponse(responseCode = "401", description = "No device credential, or one not valid (expired, revoked, not signed)")
    @APIResponse(responseCode = "403", description = "Another device's credential")
    public Uni<HeartbeatAccepted> heartbeat(@PathParam("deviceId") String deviceId,
                                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                            byte[] body) throws JsonProcessingException {
        String token = BearerTokens.of(authorization).orElseThrow(() ->
                ProblemException.unauthorized("a heartbeat needs the device's credential (Authorization: Bearer)"));
        String partner = credentials.heartbeatPartner(token, deviceId);
        return ingest.ingest(deviceId, partner, reader.single(body)).map(HeartbeatAccepted::new);
    }
}
