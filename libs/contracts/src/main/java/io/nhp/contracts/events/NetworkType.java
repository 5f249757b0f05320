package io.nhp.contracts.events;

/** The network a phone is on; only unmetered networks make it eligible to compute. */
public enum NetworkType {
    WIFI, ETHERNET, CELLULAR, NONE;

    public boolean unmetered() {
        return this == WIFI || this == ETHERNET;
    }
}
