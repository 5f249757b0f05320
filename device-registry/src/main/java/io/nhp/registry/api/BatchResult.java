package io.nhp.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nhp.service.Problem;
import java.util.List;

/** The answer to a batch: per item, in the order posted, accepted (202) or refused with a status and reason. */
public record BatchResult(int accepted, int rejected, List<Item> results) {

    /** One item's fate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String deviceId, int status, Integer nextHeartbeatSeconds, String reason,
                       List<Problem.FieldError> errors) {

        static Item accepted(String deviceId, int nextHeartbeatSeconds) {
            return new Item(deviceId, 202, nextHeartbeatSeconds, null, null);
        }

        static Item rejected(String deviceId, int status, String reason, List<Problem.FieldError> errors) {
            return new Item(deviceId, status, null, reason, errors == null || errors.isEmpty() ? null : errors);
        }
    }

    static BatchResult of(List<Item> items) {
        int accepted = (int) items.stream().filter(i -> i.status() == 202).count();
        return new BatchResult(accepted, items.size() - accepted, items);
    }
}
