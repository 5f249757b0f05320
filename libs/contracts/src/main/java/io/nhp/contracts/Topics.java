package io.nhp.contracts;

import io.nhp.contracts.Topic.Cleanup;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.HeartbeatSerde;
import io.nhp.contracts.events.RegistrationSerde;
import io.nhp.contracts.events.StatusSerde;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.jobs.JobSnapshot;
import io.nhp.contracts.jobs.JobSnapshotSerde;
import io.nhp.contracts.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every platform topic, declared once: name, serdes, partitions, cleanup policy and retention.
 * Keys are strings throughout; who produces and who consumes each topic is listed in the README.
 */
public final class Topics {

    /** Partitions of the high-volume, per-device and per-job topics: the unit of scale-out. */
    public static final int SCALE_PARTITIONS = 6;

    /**
     * Every device's registration, the latest per device: binary ({@link RegistrationSerde}; JSON written by earlier
     * versions still reads), since every reader decodes all of them.
     */
    public static final Topic<String, DeviceRegisteredEvent> DEVICES_REGISTERED = new Topic<>("nhp.devices.registered",
            Serdes.String(), new RegistrationSerde(), DeviceRegisteredEvent.class, SCALE_PARTITIONS, Cleanup.COMPACT,
            null, null);
    /**
     * Every phone's heartbeat, once a minute: binary ({@link HeartbeatSerde}; JSON written by earlier versions still
     * reads), since device-registry, which writes them, is their only reader and JSON was its largest cost.
     */
    public static final Topic<String, HeartbeatEvent> DEVICES_HEARTBEATS = new Topic<>("nhp.devices.heartbeats",
            Serdes.String(), new HeartbeatSerde(), HeartbeatEvent.class, SCALE_PARTITIONS, Cleanup.DELETE,
            Duration.ofDays(1), null);
    /**
     * Each device's latest status: binary ({@link StatusSerde}; JSON written by earlier versions still reads), since
     * four services read every one.
     */
    public static final Topic<String, DeviceStatusEvent> DEVICES_STATUS = new Topic<>("nhp.devices.status",
            Serdes.String(), new StatusSerde(), DeviceStatusEvent.class, SCALE_PARTITIONS, Cleanup.COMPACT, null, null);

    public static final Topic<String, JobSubmittedEvent> JOBS_SUBMITTED =
            stream("nhp.jobs.submitted", JobSubmittedEvent.class, SCALE_PARTITIONS, Duration.ofDays(7));
    public static final Topic<String, JobAssignedEvent> JOBS_ASSIGNED =
            stream("nhp.jobs.assigned", JobAssignedEvent.class, SCALE_PARTITIONS, Duration.ofDays(7));
    public static final Topic<String, JobCompletedEvent> JOBS_COMPLETED =
            stream("nhp.jobs.completed", JobCompletedEvent.class, SCALE_PARTITIONS, Duration.ofDays(7));
    public static final Topic<String, JobFailedEvent> JOBS_FAILED =
            stream("nhp.jobs.failed", JobFailedEvent.class, SCALE_PARTITIONS, Duration.ofDays(7));
    /**
     * job-broker's state, a snapshot per job, written in one transaction with the job events. Compacted, and
     * segments older than a week deleted (no live job is that old). The partition count is part of the job ids'
     * meaning (a job is served by the instance that has its id's partition): it never changes. Its values are
     * binary ({@link JobSnapshotSerde}; JSON written by earlier versions still reads): only job-broker reads it.
     */
    public static final Topic<String, JobSnapshot> JOBS_STATE = new Topic<>("nhp.jobs.state", Serdes.String(),
            new JobSnapshotSerde(), JobSnapshot.class, SCALE_PARTITIONS, Cleanup.COMPACT_DELETE,
            Duration.ofDays(7), null);

    public static final Topic<String, ReferenceDataEvent> REFERENCE_PRICES =
            compacted("nhp.reference.prices", ReferenceDataEvent.class, 1);
    public static final Topic<String, PartnerProfileEvent> REFERENCE_PARTNERS =
            compacted("nhp.reference.partners", PartnerProfileEvent.class, 1);

    public static final Topic<String, CapacityEvent> ECONOMICS_CAPACITY =
            compacted("nhp.economics.capacity", CapacityEvent.class, 3);
    /** Structured-mode CloudEvents, so partners' CloudEvents-aware consumers recognise them by their header. */
    public static final Topic<String, SavingsEvent> ECONOMICS_SAVINGS = new Topic<>("nhp.economics.savings",
            Serdes.String(), new JsonSerde<>(SavingsEvent.class), SavingsEvent.class, 3, Cleanup.DELETE,
            Duration.ofDays(30), SavingsEvent.STRUCTURED_CONTENT_TYPE);
    /** A ledger of money owed to owners: kept for a year. */
    public static final Topic<String, PayoutEvent> ECONOMICS_PAYOUTS =
            stream("nhp.economics.payouts", PayoutEvent.class, SCALE_PARTITIONS, Duration.ofDays(365));
    public static final Topic<String, ProjectionEvent> ECONOMICS_PROJECTIONS =
            compacted("nhp.economics.projections", ProjectionEvent.class, 3);

    public static final Topic<String, DeadLetterEvent> DEAD_LETTER =
            stream("nhp.deadletter", DeadLetterEvent.class, 1, Duration.ofDays(30));

    /** Every topic, in the order of the architecture's flows. */
    public static final List<Topic<String, ?>> ALL = List.of(
            DEVICES_REGISTERED, DEVICES_HEARTBEATS, DEVICES_STATUS,
            JOBS_SUBMITTED, JOBS_ASSIGNED, JOBS_COMPLETED, JOBS_FAILED, JOBS_STATE,
            REFERENCE_PRICES, REFERENCE_PARTNERS,
            ECONOMICS_CAPACITY, ECONOMICS_SAVINGS, ECONOMICS_PAYOUTS, ECONOMICS_PROJECTIONS,
            DEAD_LETTER);

    private Topics() {
    }

    /** The topic of that name, if it is a platform topic. */
    public static Optional<Topic<String, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static <V> Topic<String, V> compacted(String name, Class<V> type, int partitions) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(type), type, partitions, Cleanup.COMPACT, null, null);
    }

    private static <V> Topic<String, V> stream(String name, Class<V> type, int partitions, Duration retention) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(type), type, partitions, Cleanup.DELETE, retention, null);
    }
}
