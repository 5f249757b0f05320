package io.nhp.economics.streams;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.economics.domain.DeviceCredit;
import io.nhp.economics.domain.DeviceDay;
import io.nhp.economics.domain.MinuteWindow;
import io.nhp.economics.domain.OwnerDay;
import io.nhp.economics.domain.PriceBook;
import io.nhp.economics.domain.PricedJob;
import io.nhp.economics.domain.SavingsDay;
import io.nhp.economics.domain.SavingsShare;
import io.nhp.economics.domain.SavingsTally;
import io.nhp.service.kafka.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jboss.logging.Logger;

/**
 * Job completions → the owners' ledger ({@code nhp.economics.payouts}) and the partners' savings
 * ({@code nhp.economics.savings}), exactly once (the application runs with {@code exactly_once_v2}):
 * <ol>
 *   <li>by job: a job id seen before is dropped; the job is priced at the reference data in force when it
 *   completed; a job that cannot be priced (figures out of bounds, see {@link PricedJob#MAX_SECONDS}, or reference
 *   data missing) goes to the dead-letter topic with the reason, in the same transaction ({@link #DEAD_LETTERS});</li>
 *   <li>by device: each device's credit is added to its UTC day, exact, and a ledger entry appended; a statement
 *   follows once the day has closed;</li>
 *   <li>by owner: entries summed per owner and day (the store behind {@code /api/v1/payouts/owners});</li>
 *   <li>by partner: jobs' savings shares and the ledger entries summed per UTC day and per minute; a minute is
 *   published when it closes, with the running total of its day.</li>
 * </ol>
 * Shares are rounded from exact running totals per device-day and partner-day (see {@code Money}), so the
 * entries of a day add up to its statement and the minutes of a day to its total, to the micro-dollar.
 */
public final class LedgerTopology {

    /** Job ids already credited, by completion time (a window store: old ids expire with the retention). */
    static final String CREDITED_JOBS_STORE = "credited-jobs";
    /** Each device's UTC days ({@link DeviceDay}), by day start. */
    public static final String DEVICE_DAYS_STORE = "payout-device-days";
    /** Device-days whose statement is due once the day closes, keyed {@code yyyy-MM-dd|deviceId}. */
    static final String OPEN_STATEMENTS_STORE = "payout-open-statements";
    /** Each owner's UTC days ({@link OwnerDay}). */
    public static final String OWNER_DAYS_STORE = "payout-owner-days";
    /** Each partner's UTC days ({@link SavingsDay}). */
    public static final String SAVINGS_DAYS_STORE = "savings-partner-days";
    /** Partners' minutes not yet published, keyed {@code partner@startMillis}. */
    static final String OPEN_MINUTES_STORE = "savings-open-minutes";

    /** A completion is a duplicate if the same job id completed within this span of it (the topic keeps 7 days). */
    static final Duration DUPLICATE_SPAN = Duration.ofDays(7);
    static final Duration DAY = Duration.ofDays(1);
    /** How often closed minutes and days are looked for. */
    static final Duration MINUTE_CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration STATEMENT_CHECK_EVERY = Duration.ofSeconds(10);
    /** The service that publishes the savings, as CloudEvents {@code source}. */
    public static final String SOURCE = "/nhp/economics-service";
    static final String SERVICE = "economics-service";

    /** The processor that prices each completion ({@link JobPricing}), and its children that take priced jobs. */
    static final String JOB_PRICING = "job-pricing";
    static final String JOB_CREDITS = "job-credits";
    static final String JOB_SHARES = "job-shares";
    /** Completions that cannot be priced, with the reason; add them to the built topology ({@link DeadLetters#addTo}). */
    public static final DeadLetters DEAD_LETTERS = DeadLetters.of(SERVICE, JOB_PRICING);

    private static final Logger LOG = Logger.getLogger(LedgerTopology.class);

    static final Serde<DeviceCredit> CREDIT_SERDE = new JsonSerde<>(DeviceCredit.class);
    static final Serde<DeviceDay> DEVICE_DAY_SERDE = new JsonSerde<>(DeviceDay.class);
    static final Serde<OwnerDay> OWNER_DAY_SERDE = new JsonSerde<>(OwnerDay.class);
    static final Serde<SavingsDay> SAVINGS_DAY_SERDE = new JsonSerde<>(SavingsDay.class);
    static final Serde<SavingsShare> SHARE_SERDE = new JsonSerde<>(SavingsShare.class);
    static final Serde<MinuteWindow> MINUTE_SERDE = new JsonSerde<>(MinuteWindow.class);

    /**
     * @param payoutTier     the token tier whose rate owners are paid ({@code tier:*} id, e.g. {@code moderate})
     * @param windowGrace    how long after a minute ends it is published (shares of its jobs still in flight)
     * @param statementGrace how long after a UTC day ends its device statements are published
     * @param retention      how long daily figures stay queryable
     */
    public record Settings(String payoutTier, Duration windowGrace, Duration statementGrace, Duration retention) {
    }

    private LedgerTopology() {
    }

    public static void addTo(StreamsBuilder builder, Settings settings) {
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(CREDITED_JOBS_STORE,
                DUPLICATE_SPAN.plus(DAY), Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DEVICE_DAYS_STORE,
                settings.retention(), DAY, false), Serdes.String(), DEVICE_DAY_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STATEMENTS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SAVINGS_DAYS_STORE,
                settings.retention(), DAY, false), Serdes.String(), SAVINGS_DAY_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_MINUTES_STORE),
                Serdes.String(), MINUTE_SERDE));

        KStream<String, PricedJob> jobs = builder
                .stream(Topics.JOBS_COMPLETED.name(), Topics.JOBS_COMPLETED.consumed())
                .process(() -> new JobPricing(settings.payoutTier()), Named.as(JOB_PRICING), CREDITED_JOBS_STORE);

        KStream<String, LedgerLine> ledger = jobs
                .flatMap((jobId, job) -> job.credits().stream()
                        .map(credit -> KeyValue.pair(credit.deviceId(), credit)).toList(), Named.as(JOB_CREDITS))
                .repartition(Repartitioned.with(Serdes.String(), CREDIT_SERDE).withName("credits-by-device"))
                .process(() -> new DeviceLedger(settings.statementGrace()), Named.as("device-ledger"),
                        DEVICE_DAYS_STORE, OPEN_STATEMENTS_STORE);
        ledger.mapValues(LedgerLine::line, Named.as("ledger-lines")).to(Topics.ECONOMICS_PAYOUTS.name(),
                Topics.ECONOMICS_PAYOUTS.produced());
        KStream<String, LedgerLine> entryLines = ledger.filter((device, line) -> line.line().kind() == PayoutEvent.Kind.ENTRY);
        // owners earn a canary's pay as any other; only the partners' savings tell who pays it
        KStream<String, PayoutEvent> entries = entryLines.mapValues(LedgerLine::line, Named.as("ledger-entries"));

        entries.selectKey((device, entry) -> entry.ownerId() == null ? "unknown" : entry.ownerId())
                .groupByKey(Grouped.with("payouts-by-owner", Serdes.String(), Topics.ECONOMICS_PAYOUTS.valueSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(DAY, DUPLICATE_SPAN))
                .aggregate(() -> OwnerDay.EMPTY, (owner, entry, day) -> day.plus(entry), Named.as("owner-days"),
                        Materialized.<String, OwnerDay, WindowStore<Bytes, byte[]>>as(OWNER_DAYS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(OWNER_DAY_SERDE)
                                .withRetention(settings.retention()));

        jobs.map((jobId, job) -> KeyValue.pair(job.partner(), SavingsShare.of(job)), Named.as(JOB_SHARES))
                .merge(entryLines.map((device, line) -> KeyValue.pair(line.line().partner(),
                        SavingsShare.of(line.line(), line.platformPaid()))))
                .repartition(Repartitioned.with(Serdes.String(), SHARE_SERDE).withName("shares-by-partner"))
                .process(() -> new PartnerSavings(settings.windowGrace()), Named.as("partner-savings"),
                        SAVINGS_DAYS_STORE, OPEN_MINUTES_STORE)
                .to(Topics.ECONOMICS_SAVINGS.name(), Topics.ECONOMICS_SAVINGS.produced());
    }

    static long dayStart(Instant at) {
        return at.truncatedTo(ChronoUnit.DAYS).toEpochMilli();
    }

    /** A ledger line, and whether the platform pays it (a canary's entry); never leaves this sub-topology. */
    record LedgerLine(PayoutEvent line, boolean platformPaid) {
    }

    /**
     * By job: drops duplicates and phones' results that were not validated, prices the rest. A job the cloud served
     * is counted whatever its validation says: its cost was incurred either way.
     */
    private static final class JobPricing implements Processor<String, JobCompletedEvent, String, PricedJob> {

        private final String payoutTier;
        private ProcessorContext<String, PricedJob> context;
        private WindowStore<String, Long> credited;
        private PriceBook prices;

        JobPricing(String payoutTier) {
            this.payoutTier = payoutTier;
        }

        @Override
        public void init(ProcessorContext<String, PricedJob> context) {
            this.context = context;
            this.credited = context.getStateStore(CREDITED_JOBS_STORE);
            this.prices = ReferenceItems.priceBook(context.getStateStore(ReferenceItems.STORE));
        }

        @Override
        public void process(Record<String, JobCompletedEvent> record) {
            JobCompletedEvent job = record.value();
            if (job == null || !job.servedByCloud() && !Boolean.TRUE.equals(job.validated())) {
                return; // only validated results are paid for
            }
            Instant at = job.eventTime();
            // whatever else throws before the put below (a time no timestamp can hold, …) leaves no trace here, and
            // the record goes to the dead letters through DeadLetteringProcessingHandler
            try (WindowStoreIterator<Long> seen = credited.fetch(job.jobId(), at.minus(DUPLICATE_SPAN),
                    at.plus(DUPLICATE_SPAN))) {
                if (seen.hasNext()) {
                    LOG.debugf("Job %s was credited already; duplicate completion %s dropped", job.jobId(), job.eventId());
                    return;
                }
            }
            PricedJob priced;
            try {
                priced = PricedJob.price(job, prices, payoutTier);
            } catch (PricedJob.Invalid | PriceBook.Missing e) {
                LOG.warnf("Job %s cannot be priced (%s); sent to %s", job.jobId(), e.getMessage(), Topics.DEAD_LETTER.name());
                DEAD_LETTERS.forward(context, Topics.JOBS_COMPLETED.name(), record.key(), job, e.getMessage());
                return;
            }
            credited.put(job.jobId(), at.toEpochMilli(), at.toEpochMilli());
            // to the credits and the shares by name: the dead letters' sink is a child too
            Record<String, PricedJob> out = record.withValue(priced).withTimestamp(at.toEpochMilli());
            context.forward(out, JOB_CREDITS);
            context.forward(out, JOB_SHARES);
        }
    }

    /** By device: credits each job to the device's day, appends the entry; publishes statements of closed days. */
    private static final class DeviceLedger implements Processor<String, DeviceCredit, String, LedgerLine> {

        private final Duration statementGrace;
        private ProcessorContext<String, LedgerLine> context;
        private WindowStore<String, DeviceDay> days;
        private KeyValueStore<String, Long> openStatements;

        DeviceLedger(Duration statementGrace) {
            this.statementGrace = statementGrace;
        }

        @Override
        public void init(ProcessorContext<String, LedgerLine> context) {
            this.context = context;
            this.days = context.getStateStore(DEVICE_DAYS_STORE);
            this.openStatements = context.getStateStore(OPEN_STATEMENTS_STORE);
            context.schedule(STATEMENT_CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publishClosedDays);
        }

        @Override
        public void process(Record<String, DeviceCredit> record) {
            DeviceCredit credit = record.value();
            long dayStart = dayStart(credit.completedAt());
            DeviceDay day = days.fetch(credit.deviceId(), dayStart);
            DeviceDay.Credited credited = (day == null ? DeviceDay.start(credit) : day)
                    .credit(credit, Instant.ofEpochMilli(context.currentSystemTimeMs()));
            days.put(credit.deviceId(), credited.day(), dayStart);
            openStatements.put(credited.day().day() + "|" + credit.deviceId(), dayStart);
            context.forward(new Record<>(credit.deviceId(), new LedgerLine(credited.entry(), credit.platformPaid()),
                    credit.completedAt().toEpochMilli()));
        }

        private void publishClosedDays(long nowMs) {
            LocalDate open = DeviceDay.dayOf(Instant.ofEpochMilli(nowMs).minus(statementGrace));
            List<KeyValue<String, Long>> closed = new ArrayList<>();
            // keys start with the day, so the closed days are the keys before the first open one
            try (KeyValueIterator<String, Long> it = openStatements.range("0", open.toString())) {
                it.forEachRemaining(closed::add);
            }
            for (KeyValue<String, Long> statement : closed) {
                String deviceId = statement.key.substring(statement.key.indexOf('|') + 1);
                DeviceDay day = days.fetch(deviceId, statement.value);
                if (day != null) {
                    context.forward(new Record<>(deviceId,
                            new LedgerLine(day.statement(Instant.ofEpochMilli(nowMs)), false), nowMs));
                }
                openStatements.delete(statement.key);
            }
        }
    }

    /** By partner: adds shares to the day and the minute; publishes closed minutes with their day's running total. */
    private static final class PartnerSavings implements Processor<String, SavingsShare, String, SavingsEvent> {

        private final Duration windowGrace;
        private ProcessorContext<String, SavingsEvent> context;
        private WindowStore<String, SavingsDay> days;
        private KeyValueStore<String, MinuteWindow> openMinutes;

        PartnerSavings(Duration windowGrace) {
            this.windowGrace = windowGrace;
        }

        @Override
        public void init(ProcessorContext<String, SavingsEvent> context) {
            this.context = context;
            this.days = context.getStateStore(SAVINGS_DAYS_STORE);
            this.openMinutes = context.getStateStore(OPEN_MINUTES_STORE);
            context.schedule(MINUTE_CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publishClosedMinutes);
        }

        @Override
        public void process(Record<String, SavingsShare> record) {
            SavingsShare share = record.value();
            String partner = share.partner();
            long dayStart = dayStart(share.completedAt());
            SavingsDay day = days.fetch(partner, dayStart);
            if (day == null) {
                day = SavingsDay.EMPTY;
            }
            SavingsDay.Added added = share.job() != null ? day.plusJob(share.job())
                    : day.plusEntry(share.entry(), share.platformPaid());
            days.put(partner, added.day(), dayStart);
            Instant minute = share.completedAt().truncatedTo(ChronoUnit.MINUTES);
            String key = partner + "@" + String.format("%015d", minute.toEpochMilli());
            MinuteWindow window = openMinutes.get(key);
            openMinutes.put(key, (window == null ? new MinuteWindow(partner, minute, SavingsTally.EMPTY) : window)
                    .plus(added.share()));
        }

        private void publishClosedMinutes(long nowMs) {
            Instant now = Instant.ofEpochMilli(nowMs);
            List<KeyValue<String, MinuteWindow>> closed = new ArrayList<>();
            try (KeyValueIterator<String, MinuteWindow> it = openMinutes.all()) {
                it.forEachRemaining(kv -> {
                    if (!kv.value.end().plus(windowGrace).isAfter(now)) {
                        closed.add(kv);
                    }
                });
            }
            Set<KeyValue<String, Long>> daysTouched = new LinkedHashSet<>();
            for (KeyValue<String, MinuteWindow> minute : closed) {
                MinuteWindow window = minute.value;
                publish(window.partner(), SavingsEvent.of(SOURCE,
                        window.tally().toSavings(window.partner(), window.start(), window.end()), false, now), nowMs);
                openMinutes.delete(minute.key);
                daysTouched.add(KeyValue.pair(window.partner(), dayStart(window.start())));
            }
            for (KeyValue<String, Long> partnerDay : daysTouched) {
                SavingsDay day = days.fetch(partnerDay.key, partnerDay.value);
                if (day == null) {
                    continue; // older than the retention
                }
                Instant start = Instant.ofEpochMilli(partnerDay.value);
                publish(partnerDay.key, SavingsEvent.of(SOURCE,
                        day.tally().toSavings(partnerDay.key, start, start.plus(DAY)), true, now), nowMs);
            }
        }

        private void publish(String partner, SavingsEvent event, long nowMs) {
            context.forward(new Record<>(partner, event, nowMs, Topics.ECONOMICS_SAVINGS.headers()));
        }
    }
}
