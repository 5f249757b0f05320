package io.nhp.economics.api;

import io.nhp.economics.domain.DeviceDay;
import io.nhp.economics.domain.OwnerDay;
import io.nhp.economics.domain.SavingsDay;
import io.nhp.economics.streams.LedgerTopology;
import io.nhp.service.kafka.StoreAnswers;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.security.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * The ledger's daily stores ({@link LedgerTopology}) as an API call may read them: the UTC days it asks for
 * ({@code ?from=&to=}, {@link DayRange}), what a store holds under a key for those days, and who may read it
 * (SECURITY.md). {@code request} is the URI the client asked for (the instance holding the key is asked the same path and query).
 */
@ApplicationScoped
class LedgerDays {

    /** The days asked for, and the values of those that have any, oldest first. */
    record Days<V>(DayRange range, List<KeyValue<Instant, V>> values) {
    }

    private final StoreQueries queries;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    LedgerDays(StoreQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    /** A partner's days of savings: the partner's token or ops'; {@code what}: "savings" or "payouts" (503's detail). */
    Days<SavingsDay> partner(String partner, String from, String to, URI request, String what) {
        Viewer.of(identity).require(partner);
        return read(LedgerTopology.SAVINGS_DAYS_STORE, partner, from, to, request, what);
    }

    /** An owner id's days at every partner: ops only (an owner reads its devices one by one, and its page). */
    Days<OwnerDay> owner(String ownerId, String from, String to, URI request) {
        Viewer.of(identity).requireOwner(ownerId, null);
        return read(LedgerTopology.OWNER_DAYS_STORE, ownerId, from, to, request, "payouts");
    }

    /** A device's days: its owner (a credential the device's partner signed, as the ledger says) or ops. */
    Days<DeviceDay> device(String deviceId, String from, String to, URI request) {
        Days<DeviceDay> days = read(LedgerTopology.DEVICE_DAYS_STORE, deviceId, from, to, request, "payouts");
        DeviceDay last = days.values().isEmpty() ? null : days.values().get(days.values().size() - 1).value;
        Viewer.of(identity).requireOwner(last == null ? null : last.ownerId(), last == null ? null : last.partner());
        return days;
    }

    private <V> Days<V> read(String store, String key, String from, String to, URI request, String what) {
        DayRange range = DayRange.parse(from, to, clock);
        List<KeyValue<Instant, V>> values = StoreAnswers.<List<KeyValue<Instant, V>>>value(
                queries.windows(store, key, range.start(), range.lastDayStart()), request, what).orElse(List.of());
        return new Days<>(range, values);
    }
}
