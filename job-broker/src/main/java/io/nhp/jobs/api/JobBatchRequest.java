package io.nhp.jobs.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Up to 1,000 jobs, queued all together or not at all; none of them null. */
public record JobBatchRequest(@NotEmpty @Size(max = 1000) List<@NotNull @Valid JobRequest> jobs) {

    /** What Bean Validation would say, checked by hand: true only if it would find nothing ({@link Bodies}). */
    boolean plainlyValid() {
        return jobs != null && !jobs.isEmpty() && jobs.size() <= 1000
                && jobs.stream().allMatch(job -> job != null && job.plainlyValid());
    }
}
