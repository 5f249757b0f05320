package io.nhp.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.contracts.jobs.JobSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/** One fully populated example of the value type of every platform topic. */
final class EventSamples {

    static final Instant T = Instant.parse("2026-11-22T21:00:00.123Z");

    private EventSamples() {
    }

    static Object sampleFor(Topic<String, ?> topic) {
        var json = JsonNodeFactory.instance;
        return switch (topic.name()) {
            case "nhp.devices.registered" -> new DeviceRegisteredEvent("e1", T, "d1", "xiaomi", "Xiaomi 14", "India",
                    "o-1", 34.0, 12, "india", false, "Asia/Kolkata",
                    new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0)), "1.0.0", 1);
            case "nhp.devices.heartbeats" -> new HeartbeatEvent("e2", T, T, "d1", "xiaomi", true, 80, 31.5,
                    NetworkType.WIFI, true, 12, ThermalStatus.LIGHT);
            case "nhp.devices.status" -> new DeviceStatusEvent("e3", T, "d1", "xiaomi", "o-1", "india", "Xiaomi 14",
                    34.0, 12, DeviceState.ELIGIBLE, DeviceState.INELIGIBLE, List.of("NOT_CHARGING"), T);
            case "nhp.jobs.submitted" -> new JobSubmittedEvent("e4", T, "j1", "xiaomi", "inference_text", "s3://in/1",
                    "sha256:ab", 60, 2, 5, "batch-7/item-1");
            case "nhp.jobs.assigned" -> new JobAssignedEvent("e5", T, "j1", "xiaomi", "inference_text", "d1", "l1",
                    T.plusSeconds(60), 1);
            case "nhp.jobs.completed" -> new JobCompletedEvent("e6", T, "j1", "xiaomi", "inference_text", 0.5,
                    "sha256:cd", true, T.minusSeconds(3),
                    List.of(new JobCompletedEvent.Execution("d1", "o-1", "india", 34.0, 29.5, 31.0)), List.of("d9"));
            case "nhp.jobs.failed" -> new JobFailedEvent("e7", T, "j1", "xiaomi", "inference_text", "d1",
                    "LEASE_EXPIRED", 1, false);
            case "nhp.jobs.state" -> new JobSnapshot("j1", "xiaomi",
                    new JobSnapshot.Task("embeddings", 0.000016, 8.0, true), null, "sha256:ab", 10, 2, 5, T,
                    T.plusSeconds(20), "batch-7/item-1", "sha256:request", 3, JobSnapshot.State.COMPLETED, "sha256:cd",
                    List.of("LEASE_EXPIRED (attempt 1, d2)"), List.of(new JobSnapshot.AttemptSnapshot("l1",
                            new JobSnapshot.Device("d1", "xiaomi", "o-1", "india", 34.0), T, T.plusSeconds(10),
                            JobSnapshot.AttemptSnapshot.Outcome.SUCCEEDED, "sha256:cd", 0.002, false, true,
                            T.plusSeconds(1), 0.000941, new byte[] {1, 2, 3, 4})),
                    "a phone on its charger", new byte[] {1, 2, 3, 4}, "phones", Boolean.TRUE, new byte[] {5, 6});
            case "nhp.reference.prices" -> new ReferenceDataEvent("e8", T, ReferenceKind.CLOUD_OFFER, "aws_h100", 3L,
                    T, "admin", json.objectNode().put("hourly_cost_usd", new BigDecimal("98.32")).put("gpus_per_instance", 8),
                    List.of(new ReferenceDataEvent.Revision(1L, T.minusSeconds(60), "seed",
                            json.objectNode().put("hourly_cost_usd", new BigDecimal("98.00")).put("gpus_per_instance", 8))));
            case "nhp.reference.partners" -> new PartnerProfileEvent("e9", T, "xiaomi", 1L, T, "seed",
                    json.objectNode().put("name", "Xiaomi Corporation"));
            case "nhp.economics.capacity" -> new CapacityEvent("e10", T, "xiaomi", "india", 10L, 7L, 4L, 136.0,
                    0.068, 0.4, "Optimistic", T);
            case "nhp.economics.savings" -> new SavingsEvent(SavingsEvent.SPEC_VERSION, "e11",
                    "/nhp/economics-service", SavingsEvent.WINDOW_TYPE, "xiaomi", T, "application/json", new SavingsEvent.Savings(
                    "xiaomi", T, T.plusSeconds(60), 12L, new BigDecimal("0.001667"),
                    Map.of("aws_h100", new BigDecimal("0.020483")), new BigDecimal("0.001100"),
                    Map.of("aws_h100", new BigDecimal("0.019383")), new BigDecimal("0.000004"),
                    new BigDecimal("0.001096"), new BigDecimal("0.000058"), new BigDecimal("0.0000232"), 2L,
                    new BigDecimal("0.000278"), Map.of("aws_h100", new BigDecimal("0.003414")), 1L,
                    new BigDecimal("0.000090"), 3L));
            case "nhp.economics.payouts" -> new PayoutEvent("e12", T, PayoutEvent.Kind.ENTRY, "d1", "o1", "xiaomi",
                    "india", T.atZone(java.time.ZoneOffset.UTC).toLocalDate(), "j1", T, 1L, new BigDecimal("15.0"),
                    new BigDecimal("0.004167"), new BigDecimal("0.2"), new BigDecimal("0.08"), new BigDecimal("0.000833"),
                    new BigDecimal("0.000001"), new BigDecimal("0.000832"), new BigDecimal("0.000015"),
                    new BigDecimal("0.0000060"));
            case "nhp.economics.projections" -> new ProjectionEvent("e13", T, "xiaomi", 1L,
                    Map.of("cloud:aws_a100", 2L), Map.of("corrected", json.objectNode().put("h100Equivalent", new BigDecimal("1234.5"))),
                    Map.of("reference", "refused for the test"));
            case "nhp.deadletter" -> new DeadLetterEvent("e14", T, "economics-service", "nhp.devices.status", 2, 42L,
                    "d1", "{not json", false, "record is not valid JSON");
            default -> throw new IllegalArgumentException("no sample for " + topic.name());
        };
    }
}
