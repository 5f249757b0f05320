package io.nhp.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.registry.devices.DeviceCredentials;
import io.nhp.registry.devices.DeviceDirectory;
import io.nhp.registry.ingest.Gateways;
import io.nhp.registry.ingest.HeartbeatReader;
import io.nhp.registry.ingest.HeartbeatIngest;
import io.nhp.registry.ingest.Rejections;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreForwarding;
import io.nhp.service.kafka.StoreQueries.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Heartbeats of many devices in one request, for gateways and the fleet simulator. Each item is checked and
 * answered on its own: one bad item never drops the others. With several instances, a gateway's item for a device
 * another instance holds (its registration, so its partner, is known there) is sent there: the items of each such
 * instance in one request, their answers put back in place.
 */
@Path("/api/v1/heartbeats")
@Tag(name = "Devices")
public class HeartbeatBatchResource {

    private static final Logger LOG = Logger.getLogger(HeartbeatBatchResource.class);

    /** This endpoint, as another instance serves it too. */
    private static final URI BATCH = URI.create("/api/v1/heartbeats");
    private static final byte[] BATCH_START = "{\"heartbeats\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.UTF_8);

    private final HeartbeatReader reader;
    private final HeartbeatIngest ingest;
    private final Gateways gateways;
    private final DeviceCredentials credentials;
    private final DeviceDirectory directory;
    private final ObjectMapper mapper;
    private final Rejections rejections;
    private final Counter forwardedAnswered;
    private final Counter forwardedUnanswered;

    HeartbeatBatchResource(HeartbeatReader reader, HeartbeatIngest ingest, Gateways gateways,
                           DeviceCredentials credentials, DeviceDirectory directory,
                           ObjectMapper mapper, Rejections rejections, MeterRegistry meters) {
        this.reader = reader;
        this.ingest = ingest;
        this.gateways = gateways;
        this.credentials = credentials;
        this.directory = directory;
        this.mapper = mapper;
        this.rejections = rejections;
        String forwarded = "nhp.heartbeats.forwarded";
        String description = "A gateway's batch items sent on to the instance that holds their device";
        this.forwardedAnswered = Counter.builder(forwarded).tag("outcome", "answered").description(description)
                .register(meters);
        this.forwardedUnanswered = Counter.builder(forwarded).tag("outcome", "unanswered").description(description)
                .register(meters);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post heartbeats of many devices",
            description = "Body: {\"heartbeats\": [{\"deviceId\", \"token\"?, ...the fields of a single heartbeat}]}, "
                    + "up to 1,000. Each item carries its device's token, or the request a gateway credential "
                    + "(Authorization: Bearer). The answer lists each item in order: 202 with the next interval, "
                    + "or its refusal's status and reason.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchRequest.class)))
    @APIResponse(responseCode = "200", description = "Each item's answer, in the order posted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResult.class)))
    public Uni<Response> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @Context HttpHeaders headers, byte[] body) throws JsonProcessingException {
        Optional<Gateways.Gateway> gateway = gateways.authenticate(authorization);
        List<? extends HeartbeatReader.Item> items = reader.batch(body);
        if (items.isEmpty()) {
            return Uni.createFrom().item(answer(BatchResult.of(List.of())));
        }
        io.vertx.core.Context caller = Vertx.currentContext();
        // one answer for the whole batch once Kafka has answered for every item, not one Uni per item
        boolean mayForward = !StoreForwarding.forwarded(headers::getHeaderString);
        return Uni.createFrom().emitter(emitter -> {
            BatchResult.Item[] results = new BatchResult.Item[items.size()];
            AtomicInteger pending = new AtomicInteger(results.length);
            ObjIntConsumer<BatchResult.Item> answer = (result, at) -> {
                results[at] = result;
                if (pending.decrementAndGet() == 0) {
                    HeartbeatIngest.onContext(caller,
                            () -> emitter.complete(answer(BatchResult.of(Arrays.asList(results)))));
                }
            };
            Map<URI, List<Integer>> heldElsewhere = new LinkedHashMap<>();
            for (int i = 0; i < results.length; i++) {
                int at = i;
                one(items.get(i), gateway, mayForward, result -> answer.accept(result, at),
                        holder -> heldElsewhere.computeIfAbsent(holder, h -> new ArrayList<>()).add(at));
            }
            heldElsewhere.forEach((holder, indices) -> forward(holder, items, indices, headers, answer));
        });
    }

    /** The body of a batch, as the API documents it (the items are read by {@link HeartbeatReader}). */
    record BatchRequest(List<BatchRequestItem> heartbeats) {
    }

    /** One item of a batch: the device, its token unless a gateway posts, and a heartbeat's fields. */
    record BatchRequestItem(String deviceId, String token, Instant at, Boolean charging, Integer batteryPct,
                            Double batteryTempC, NetworkType network, Boolean screenOff, Integer cpuLoadPct,
                            ThermalStatus thermalStatus) {
    }

    private Response answer(BatchResult result) {
        return Response.ok(result.json(mapper), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Sends the items another instance holds to it in one request, with the gateway's credential; their answers are
     * its answers, and when it does not answer in time each of them is refused (503: nothing accepted here).
     */
    private void forward(URI holder, List<? extends HeartbeatReader.Item> items, List<Integer> indices,
                         HttpHeaders headers, ObjIntConsumer<BatchResult.Item> answer) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(BATCH_START);
        for (int k = 0; k < indices.size(); k++) {
            if (k > 0) {
                body.write(',');
            }
            body.writeBytes(items.get(indices.get(k)).json());
        }
        body.writeBytes(BATCH_END);
        StoreForwarding.post(holder, body.toByteArray(), headers::getHeaderString).whenComplete((response, failure) -> {
            List<BatchResult.Item> answered = null;
            if (failure == null && response.statusCode() == 200) {
                try {
                    answered = mapper.readValue(response.body(), BatchResult.class).results();
                } catch (java.io.IOException e) {
                    LOG.warnf(e, "the answer of %s to forwarded heartbeats could not be read", holder.getAuthority());
                }
            } else {
                LOG.debugf(failure, "forwarded heartbeats not answered by %s (%s)", holder.getAuthority(),
                        failure == null ? "HTTP " + response.statusCode() : failure.toString());
            }
            boolean whole = answered != null && answered.size() == indices.size();
            (whole ? forwardedAnswered : forwardedUnanswered).increment(indices.size());
            for (int k = 0; k < indices.size(); k++) {
                int at = indices.get(k);
                answer.accept(whole ? answered.get(k)
                        : refused(items.get(at).deviceId(), ProblemException.unavailable(
                        "the instance holding this device did not answer; nothing was accepted, try again")), at);
            }
        });
    }

    /**
     * Checks and ingests one item, answering {@code done}; a gateway's item for a device another instance holds is
     * handed to {@code heldBy} instead (with that instance's batch endpoint), unless this request was forwarded.
     */
    private void one(HeartbeatReader.Item item, Optional<Gateways.Gateway> gateway, boolean mayForward,
                     Consumer<BatchResult.Item> done, Consumer<URI> heldBy) {
        String deviceId = item.deviceId();
        try {
            if (deviceId == null || deviceId.isBlank()) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("deviceId", "must be non-blank text")));
            }
            String partner = gateway.isPresent() ? viaGateway(gateway.get(), deviceId, mayForward)
                    : viaToken(item.token(), deviceId);
            ingest.ingest(deviceId, partner, item.heartbeat(), new HeartbeatIngest.Outcome() {
                @Override
                public void accepted(int nextIntervalSeconds) {
                    done.accept(BatchResult.Item.accepted(deviceId, nextIntervalSeconds));
                }

                @Override
                public void failed(Throwable error) {
                    LOG.debugf(error, "heartbeat of %s not confirmed by Kafka", deviceId);
                    done.accept(refused(deviceId, ProblemException.unavailable(
                            "Kafka did not confirm this heartbeat; nothing was accepted, try again")));
                }
            });
        } catch (HeldBy held) {
            heldBy.accept(held.holder);
        } catch (ProblemException e) {
            done.accept(refused(deviceId, e));
        } catch (RuntimeException e) { // a fault of ours: this item is refused, the others still answered
            LOG.errorf(e, "heartbeat of %s in a batch could not be processed", deviceId);
            done.accept(refused(deviceId, ProblemException.unavailable("this heartbeat could not be processed")));
        }
    }

    private String viaGateway(Gateways.Gateway gateway, String deviceId, boolean mayForward) {
        Result<String> found = directory.partnerOf(deviceId);
        if (found instanceof Result.Elsewhere<String> elsewhere && mayForward) {
            throw new HeldBy(elsewhere.at(BATCH));
        }
        if (found instanceof Result.Found<String> registered) {
            String partner = registered.value();
            if (!gateway.mayPostFor(partner)) {
                throw ProblemException.forbidden("gateway '" + gateway.name() + "' may not post for partner " + partner);
            }
            return partner;
        }
        if (found instanceof Result.NotFound<String>) {
            throw ProblemException.notFound("no device '" + deviceId + "' is registered");
        }
        throw ProblemException.unavailable("the device directory cannot answer for this device here yet");
    }

    /** The item's device is held by another instance, whose batch endpoint is {@code holder}. */
    private static final class HeldBy extends RuntimeException {
        private final transient URI holder;

        HeldBy(URI holder) {
            super(null, null, false, false); // a routing answer: no stack trace
            this.holder = holder;
        }
    }

    private String viaToken(String token, String deviceId) {
        if (token == null) {
            throw ProblemException.unauthorized("each heartbeat needs its device's token, or the batch a gateway credential");
        }
        return credentials.heartbeatPartner(token, deviceId);
    }

    private BatchResult.Item refused(String deviceId, ProblemException e) {
        rejections.count(e.status());
        return BatchResult.Item.rejected(deviceId, e.status(), e.getMessage(), e.errors());
    }
}
