package io.nhp.economics.api;

import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreQueries;
import io.nhp.service.kafka.StoreQueries.Result;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/** What a store query means to an HTTP client: the value, a 303 to the instance holding it, 503, or nothing. */
final class StoreAnswers {

    private StoreAnswers() {
    }

    /** The daily values under {@code key} of a window store of UTC days, for the days of {@code range}. */
    static <V> List<KeyValue<Instant, V>> days(StoreQueries queries, String store, String key, DayRange range,
                                               UriInfo request, String what) {
        return StoreAnswers.<List<KeyValue<Instant, V>>>value(
                queries.windows(store, key, range.start(), range.lastDayStart()), request, what).orElse(List.of());
    }

    /** The value found, or empty; a redirect or 503 thrown as such. */
    static <V> Optional<V> value(Result<V> result, UriInfo request, String what) {
        if (result instanceof Result.Found<V> found) {
            return Optional.of(found.value());
        }
        if (result instanceof Result.Elsewhere<V> elsewhere) {
            throw new RedirectionException(Response.Status.SEE_OTHER, request.getRequestUriBuilder().scheme("http")
                    .host(elsewhere.host()).port(elsewhere.port()).build());
        }
        if (result instanceof Result.NotReady<V>) {
            throw ProblemException.unavailable(what + " are still loading; try again in a few seconds");
        }
        return Optional.empty();
    }
}
