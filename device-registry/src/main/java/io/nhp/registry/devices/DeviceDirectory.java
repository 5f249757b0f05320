package io.nhp.registry.devices;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StoreQueries.Result;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is registered: the topology's device store, plus what this instance registered or re-issued in the last
 * moments, which may not have reached the store yet (so a phone that rotates its credential cannot go on using the
 * old one here, even for that moment). A device's partner, which never changes (the id is the platform's, and a
 * renewal keeps the partner), is remembered once found: a gateway's batch asks it for every item, and each store
 * query walked the stream threads' tasks to find the partition's store (a third of the event loops' time at
 * 30,000 heartbeats/s).
 */
@ApplicationScoped
public class DeviceDirectory {

    private final StoreQueries queries;
    private final Cache<String, DeviceRegisteredEvent> recent;
    /**
     * Device → partner, bounded; forgotten after a while so that a registration an operator deleted (a tombstone)
     * stops being known here too (its heartbeats meanwhile reach the topology, which dead-letters them).
     */
    private final Cache<String, String> partners;

    DeviceDirectory(StoreQueries queries, RegistryConfig config, MeterRegistry meters) {
        this.queries = queries;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(config.token().registrationGrace())
                .maximumSize(100_000)
                .build();
        this.partners = Caffeine.newBuilder()
                .expireAfterWrite(config.directory().partnerTtl())
                .maximumSize(config.directory().maxPartners())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, partners, "device_partners");
    }

    /** The partner of a registered device (found as {@link #find} finds it, then remembered). */
    public Result<String> partnerOf(String deviceId) {
        String known = partners.getIfPresent(deviceId);
        if (known != null) {
            return new Result.Found<>(known);
        }
        Result<DeviceRegisteredEvent> found = find(deviceId);
        if (found instanceof Result.Found<DeviceRegisteredEvent> registered) {
            return new Result.Found<>(registered.value().partner());
        }
        if (found instanceof Result.Elsewhere<DeviceRegisteredEvent> elsewhere) {
            return new Result.Elsewhere<>(elsewhere.host(), elsewhere.port());
        }
        if (found instanceof Result.NotReady<DeviceRegisteredEvent> notReady) {
            return new Result.NotReady<>(notReady.why());
        }
        return new Result.NotFound<>();
    }

    /** The partner of a device found here before and still remembered, or null; asks no store. */
    public String knownPartner(String deviceId) {
        return partners.getIfPresent(deviceId);
    }

    /** The registration this instance has just had acknowledged (it may not be in the store yet), or null. */
    public DeviceRegisteredEvent justRegistered(String deviceId) {
        return recent.getIfPresent(deviceId);
    }

    /** The device's registration, its partner remembered when found. */
    public Result<DeviceRegisteredEvent> find(String deviceId) {
        DeviceRegisteredEvent justRegistered = recent.getIfPresent(deviceId);
        if (justRegistered != null) {
            return new Result.Found<>(justRegistered);
        }
        Result<DeviceRegisteredEvent> found = queries.get(DeviceTopology.DEVICES_STORE, deviceId,
                Topics.DEVICES_REGISTERED.partitions());
        if (found instanceof Result.Found<DeviceRegisteredEvent> registered) {
            partners.put(deviceId, registered.value().partner());
        }
        return found;
    }

    /** A registration this instance has just had acknowledged by Kafka. */
    public void remember(DeviceRegisteredEvent registration) {
        recent.put(registration.deviceId(), registration);
        partners.put(registration.deviceId(), registration.partner());
    }
}
