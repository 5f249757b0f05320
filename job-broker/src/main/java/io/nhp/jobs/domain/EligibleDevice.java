package io.nhp.jobs.domain;

/** A device that may compute right now (as {@code nhp.devices.status} last said), with what matching needs. */
public record EligibleDevice(String deviceId, String partner, String ownerId, String region, double tops) {
}
