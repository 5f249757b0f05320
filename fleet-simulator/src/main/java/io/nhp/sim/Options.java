package io.nhp.sim;

import io.nhp.agent.PartnerKey;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/** What a simulation runs with (the command line's options, see {@link Main}). */
public record Options(String partner, int devices, double speed, long seed, Duration duration, double faulty,
                      double dishonest, double demandScale, Map<String, Double> taskMix, double redundantShare,
                      Map<String, Double> marketWeights, Platform.Urls urls, String partnerToken, String gatewayToken,
                      int workers, LocalTime startLocalTime, String activeFrom, String activeTo,
                      PartnerKey partnerKey) {
}
