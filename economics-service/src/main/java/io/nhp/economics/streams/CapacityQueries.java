package io.nhp.economics.streams;

import io.nhp.economics.domain.FleetCounts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Interactive queries on the capacity store. */
@ApplicationScoped
public class CapacityQueries {

    /** What a query found. */
    public sealed interface Result {
        /** The partner's counts. */
        record Found(FleetCounts counts) implements Result {
        }

        /** No device of this partner has reported yet. */
        record NotFound() implements Result {
        }

        /** The store is not queryable yet (starting or rebalancing): try again shortly. */
        record NotReady(String why) implements Result {
        }
    }

    private final KafkaStreams streams;

    CapacityQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public Result forPartner(String partner) {
        try {
            ReadOnlyKeyValueStore<String, FleetCounts> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CapacityTopology.CAPACITY_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(partner))
                    .<Result>map(Result.Found::new)
                    .orElseGet(Result.NotFound::new);
        } catch (InvalidStateStoreException e) {
            return new Result.NotReady(e.getMessage());
        }
    }
}
