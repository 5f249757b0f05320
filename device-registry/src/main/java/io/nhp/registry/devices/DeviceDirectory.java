package io.nhp.registry.devices;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * old one here, even for that moment).
 */
@ApplicationScoped
public class DeviceDirectory {

    private final StoreQueries queries;
    private final Cache<String, DeviceRegisteredEvent> recent;

    DeviceDirectory(StoreQueries queries, RegistryConfig config) {
        this.queries = queries;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(config.token().registrationGrace())
                .maximumSize(100_000)
                .build();
    }

    public Result<DeviceRegisteredEvent> find(String deviceId) {
        DeviceRegisteredEvent justRegistered = recent.getIfPresent(deviceId);
        return justRegistered != null
                ? new Result.Found<>(justRegistered)
                : queries.get(DeviceTopology.DEVICES_STORE, deviceId, Topics.DEVICES_REGISTERED.partitions());
    }

    /** A registration this instance has just had acknowledged by Kafka. */
    public void remember(DeviceRegisteredEvent registration) {
        recent.put(registration.deviceId(), registration);
    }
}
