package io.nhp.contracts.events;

/** Where a device stands right now: unheard of for too long, heard but not fit to compute, or ready for work. */
public enum DeviceState {
    OFFLINE, INELIGIBLE, ELIGIBLE
}
