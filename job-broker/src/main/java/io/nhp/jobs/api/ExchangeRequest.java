package io.nhp.jobs.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A device's round trip: the results it hands in (each as a result post would carry it, with its lease), how many
 * new leases it wants, how long it waits for one when none fits now, and the task types it runs (all when absent).
 */
public record ExchangeRequest(@Size(max = MAX_RESULTS) List<@NotNull @Valid Result> results,
                              @NotNull @Min(0) @Max(MAX_LEASES) Integer want,
                              @Min(0) @Max(30) Integer waitSeconds,
                              @Size(max = 16) List<@NotBlank @Size(max = 64) String> taskTypes) {

    public static final int MAX_RESULTS = 64;
    public static final int MAX_LEASES = 64;

    /** One result: its lease and what {@link ResultRequest} carries. */
    public record Result(@NotBlank @Size(max = 64) String leaseId, @NotNull @Valid ResultRequest result) {

        boolean plainlyValid() {
            return Bodies.plainText(leaseId, 64) && result != null && result.plainlyValid();
        }
    }

    /** What Bean Validation would say, checked by hand: true only if it would find nothing ({@link Bodies}). */
    boolean plainlyValid() {
        if (want == null || want < 0 || want > MAX_LEASES || waitSeconds != null && (waitSeconds < 0 || waitSeconds > 30)
                || results != null && results.size() > MAX_RESULTS || taskTypes != null && taskTypes.size() > 16) {
            return false;
        }
        return (results == null || results.stream().allMatch(r -> r != null && r.plainlyValid()))
                && (taskTypes == null || taskTypes.stream().allMatch(t -> Bodies.plainText(t, 64)));
    }

    List<Result> resultsOrNone() {
        return results == null ? List.of() : results;
    }

    int waitOrNone() {
        return waitSeconds == null ? 0 : waitSeconds;
    }
}
