package io.nhp.contracts.jobs;

import io.nhp.contracts.serde.CompactFields;
import io.nhp.contracts.serde.CompactSerde;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Job snapshots on {@code nhp.jobs.state} in {@link CompactSerde}'s binary form: job-broker writes three or more per
 * job, in its commit thread, and as JSON a completed job's snapshot was 1,064 bytes and 2.2 KB of garbage to write
 * (604 bytes and 1.2 KB here). Snapshots written as JSON by an earlier version are still read.
 * <p>
 * Made to evolve, since instances of two versions share the topic during a rolling upgrade: each attempt is a block
 * with its length, and a version that adds a field appends it at the end of the snapshot or of an attempt's block;
 * a reader skips what follows the fields it knows. Enum constants are fixed codes (append only), never ordinals.
 */
public final class JobSnapshotSerde extends CompactSerde<JobSnapshot> {

    /** State codes: index = code. Append only. */
    private static final JobSnapshot.State[] STATES = {JobSnapshot.State.QUEUED, JobSnapshot.State.LEASED,
            JobSnapshot.State.COMPLETED, JobSnapshot.State.FAILED, JobSnapshot.State.EXPIRED};
    /** Outcome codes: index = code, 0 for a running attempt. Append only. */
    private static final JobSnapshot.AttemptSnapshot.Outcome[] OUTCOMES = {null,
            JobSnapshot.AttemptSnapshot.Outcome.SUCCEEDED, JobSnapshot.AttemptSnapshot.Outcome.FAILED,
            JobSnapshot.AttemptSnapshot.Outcome.EXPIRED, JobSnapshot.AttemptSnapshot.Outcome.WITHDRAWN};

    public JobSnapshotSerde() {
        super(JobSnapshot.class);
    }

    @Override
    protected void write(JobSnapshot job, DataOutputStream out) throws IOException {
        CompactFields.writeString(out, job.jobId());
        CompactFields.writeString(out, job.partner());
        JobSnapshot.Task task = job.taskType();
        CompactFields.writeString(out, task.key());
        out.writeDouble(task.gpuSecondsPerTask());
        out.writeDouble(task.minTops());
        out.writeBoolean(task.latencySensitive());
        CompactFields.writeString(out, job.inputRef());
        CompactFields.writeString(out, job.inputHash());
        out.writeLong(job.leaseSeconds());
        out.writeInt(job.redundancy());
        out.writeInt(job.priority());
        CompactFields.writeInstant(out, job.submittedAt());
        CompactFields.writeInstant(out, job.expiresAt());
        CompactFields.writeString(out, job.idempotencyKey());
        CompactFields.writeString(out, job.requestHash());
        out.writeLong(job.sequence());
        out.writeByte(CompactFields.code(STATES, job.state()));
        CompactFields.writeString(out, job.resultHash());
        out.writeInt(job.failureReasons().size());
        for (String reason : job.failureReasons()) {
            CompactFields.writeString(out, reason);
        }
        out.writeInt(job.attempts().size());
        if (!job.attempts().isEmpty()) {
            Buffer block = new Buffer(256); // each attempt, before its length is known
            DataOutputStream attempt = new DataOutputStream(block);
            for (JobSnapshot.AttemptSnapshot a : job.attempts()) {
                block.reset();
                writeAttempt(a, attempt);
                out.writeInt(block.size());
                block.writeTo(out);
            }
        }
        CompactFields.writeString(out, job.input());
        writeBytes(out, job.output());
        CompactFields.writeString(out, job.servedBy());
        writeBoolean(out, job.checking());
        writeBytes(out, job.knownAnswer());
    }

    private static void writeAttempt(JobSnapshot.AttemptSnapshot a, DataOutputStream out) throws IOException {
        CompactFields.writeString(out, a.leaseId());
        JobSnapshot.Device device = a.device();
        CompactFields.writeString(out, device.deviceId());
        CompactFields.writeString(out, device.partner());
        CompactFields.writeString(out, device.ownerId());
        CompactFields.writeString(out, device.region());
        out.writeDouble(device.tops());
        CompactFields.writeInstant(out, a.leasedAt());
        CompactFields.writeInstant(out, a.expiresAt());
        out.writeByte(CompactFields.code(OUTCOMES, a.outcome()));
        CompactFields.writeString(out, a.outputHash());
        CompactFields.writeDouble(out, a.deviceSeconds());
        out.writeBoolean(a.late());
        writeBoolean(out, a.valid());
        CompactFields.writeInstant(out, a.resultAt());
        CompactFields.writeDouble(out, a.paidSeconds());
        writeBytes(out, a.output());
    }

    @Override
    protected JobSnapshot read(ByteBuffer in) {
        String jobId = CompactFields.readString(in);
        String partner = CompactFields.readString(in);
        var task = new JobSnapshot.Task(CompactFields.readString(in), in.getDouble(), in.getDouble(), in.get() != 0);
        String inputRef = CompactFields.readString(in);
        String inputHash = CompactFields.readString(in);
        long leaseSeconds = in.getLong();
        int redundancy = in.getInt();
        int priority = in.getInt();
        Instant submittedAt = CompactFields.readInstant(in);
        Instant expiresAt = CompactFields.readInstant(in);
        String idempotencyKey = CompactFields.readString(in);
        String requestHash = CompactFields.readString(in);
        long sequence = in.getLong();
        JobSnapshot.State state = STATES[in.get()];
        String resultHash = CompactFields.readString(in);
        int reasons = count(in);
        List<String> failureReasons = new ArrayList<>(reasons);
        for (int i = 0; i < reasons; i++) {
            failureReasons.add(CompactFields.readString(in));
        }
        int attemptCount = count(in);
        List<JobSnapshot.AttemptSnapshot> attempts = new ArrayList<>(attemptCount);
        for (int i = 0; i < attemptCount; i++) {
            int length = in.getInt();
            ByteBuffer block = in.slice(in.position(), length); // throws past the end
            attempts.add(readAttempt(block));
            in.position(in.position() + length); // past fields a newer version appended to the attempt
        }
        var job = new JobSnapshot(jobId, partner, task, inputRef, inputHash, leaseSeconds, redundancy, priority,
                submittedAt, expiresAt, idempotencyKey, requestHash, sequence, state, resultHash,
                List.copyOf(failureReasons), List.copyOf(attempts), CompactFields.readString(in), readBytes(in),
                CompactFields.readString(in), readBoolean(in), readBytes(in));
        in.position(in.limit()); // past fields a newer version appended
        return job;
    }

    private static JobSnapshot.AttemptSnapshot readAttempt(ByteBuffer in) {
        String leaseId = CompactFields.readString(in);
        var device = new JobSnapshot.Device(CompactFields.readString(in), CompactFields.readString(in),
                CompactFields.readString(in), CompactFields.readString(in), in.getDouble());
        return new JobSnapshot.AttemptSnapshot(leaseId, device, CompactFields.readInstant(in),
                CompactFields.readInstant(in), OUTCOMES[in.get()], CompactFields.readString(in),
                CompactFields.readDouble(in), in.get() != 0, readBoolean(in), CompactFields.readInstant(in),
                CompactFields.readDouble(in), readBytes(in));
    }

    /** A list's length, checked against what is left (every element takes at least a byte). */
    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("a count of " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    /** A flag that may be absent: 0 absent, 1 false, 2 true. */
    private static void writeBoolean(DataOutputStream out, Boolean value) throws IOException {
        out.writeByte(value == null ? 0 : value ? 2 : 1);
    }

    private static Boolean readBoolean(ByteBuffer in) {
        byte flag = in.get();
        return flag == 0 ? null : flag == 2;
    }

    /** Bytes that may be absent: the length (-1 absent), then the bytes. */
    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        if (length > in.remaining()) { // checked before allocating what a corrupt length asks for
            throw new IllegalArgumentException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }
}
