package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a partner saved, as a CloudEvent in structured JSON mode ({@code nhp.economics.savings}, key = partner,
 * subject = partner): type {@value #WINDOW_TYPE} for each closed minute, {@value #DAILY_TYPE} for the running total
 * of the UTC day that minute belongs to. Documented for subscribers in economics-service's {@code asyncapi.yaml}.
 */
public record SavingsEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        Savings data) implements Event {

    public static final String SPEC_VERSION = "1.0";
    public static final String WINDOW_TYPE = "io.nhp.savings.window";
    public static final String DAILY_TYPE = "io.nhp.savings.daily";
    /** The Kafka content type of a structured-mode CloudEvent (CloudEvents Kafka protocol binding). */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public SavingsEvent {
        field(specversion, "specversion");
        field(id, "id");
        field(source, "source");
        field(type, "type");
        field(subject, "subject");
        field(time, "time");
        field(data, "data");
    }

    /** The event announcing {@code savings}: a minute window, or the running day total when {@code daily}. */
    public static SavingsEvent of(String source, Savings savings, boolean daily, Instant now) {
        return new SavingsEvent(SPEC_VERSION, Required.newEventId(), source, daily ? DAILY_TYPE : WINDOW_TYPE,
                savings.partner(), now, "application/json", savings);
    }

    @Override
    @JsonIgnore
    public String eventId() {
        return id;
    }

    @Override
    @JsonIgnore
    public Instant eventTime() {
        return time;
    }

    /**
     * A partner's jobs over {@code [windowStart, windowEnd)} (by completion time) and what they are worth.
     * {@code jobs} are the partner's jobs served by phones (validated agreement): the cloud GPU-hours they replaced,
     * the cost avoided at each cloud offer's price in force when each job completed, the token payouts owed to the
     * phones' owners for partner work (what the partner pays), and net savings = avoided − payouts, per offer. The
     * owners' electricity and net income, energy and CO2 added are those of every job the partner's phones computed
     * (canaries included). {@code cloudJobs} were served by the partner's cloud fallback because phones did not
     * answer validly in time: nobody is paid, and their {@code cloudGpuHours} are cloud cost incurred,
     * {@code cloudCostUsd} per offer. {@code canaryJobs} are platform checks with a known answer the partner's
     * phones computed: replacing no partner work, they avoid nothing, and their payouts,
     * {@code platformPayoutsUsd}, are paid by the platform (owners' gross earnings = payouts + platform payouts).
     * {@code dissentingResults} counts results that disagreed with the accepted answer (dishonest or broken
     * devices caught). USD in exact decimals (micro-dollars); maps keyed by cloud offer id. Events written before
     * the cloud, canary and dissent fields read them as zero.
     */
    public record Savings(
            String partner,
            Instant windowStart,
            Instant windowEnd,
            Long jobs,
            BigDecimal gpuHours,
            Map<String, BigDecimal> avoidedCostUsd,
            BigDecimal payoutsUsd,
            Map<String, BigDecimal> netSavingsUsd,
            BigDecimal ownerElectricityUsd,
            BigDecimal ownerNetUsd,
            BigDecimal energyKwh,
            BigDecimal co2Kg,
            Long cloudJobs,
            BigDecimal cloudGpuHours,
            Map<String, BigDecimal> cloudCostUsd,
            Long canaryJobs,
            BigDecimal platformPayoutsUsd,
            Long dissentingResults) {

        public Savings {
            field(partner, "partner");
            field(windowStart, "windowStart");
            field(windowEnd, "windowEnd");
            field(jobs, "jobs");
            avoidedCostUsd = avoidedCostUsd == null ? Map.of() : new TreeMap<>(avoidedCostUsd);
            netSavingsUsd = netSavingsUsd == null ? Map.of() : new TreeMap<>(netSavingsUsd);
            cloudJobs = cloudJobs == null ? 0L : cloudJobs;
            cloudGpuHours = cloudGpuHours == null ? BigDecimal.ZERO : cloudGpuHours;
            cloudCostUsd = cloudCostUsd == null ? Map.of() : new TreeMap<>(cloudCostUsd);
            canaryJobs = canaryJobs == null ? 0L : canaryJobs;
            platformPayoutsUsd = platformPayoutsUsd == null ? BigDecimal.ZERO : platformPayoutsUsd;
            dissentingResults = dissentingResults == null ? 0L : dissentingResults;
        }

        /** Savings of phone-served jobs only, as written before the cloud, canary and dissent fields. */
        public Savings(String partner, Instant windowStart, Instant windowEnd, Long jobs, BigDecimal gpuHours,
                       Map<String, BigDecimal> avoidedCostUsd, BigDecimal payoutsUsd,
                       Map<String, BigDecimal> netSavingsUsd, BigDecimal ownerElectricityUsd, BigDecimal ownerNetUsd,
                       BigDecimal energyKwh, BigDecimal co2Kg) {
            this(partner, windowStart, windowEnd, jobs, gpuHours, avoidedCostUsd, payoutsUsd, netSavingsUsd,
                    ownerElectricityUsd, ownerNetUsd, energyKwh, co2Kg, 0L, BigDecimal.ZERO, Map.of(), 0L,
                    BigDecimal.ZERO, 0L);
        }

        /** Whether the partner's cloud served any job in the window. */
        public boolean hasCloudJobs() {
            return cloudJobs > 0;
        }
    }
}
