package io.nhp.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequiredTest {

    @Test
    void eventIdsAreVersionFourUuidsNeverRepeatedEvenAcrossThreads() {
        Set<String> ids = ConcurrentHashMap.newKeySet();

        IntStream.range(0, 200_000).parallel().forEach(i -> ids.add(Required.newEventId()));

        assertThat(ids).hasSize(200_000);
        for (String id : List.copyOf(ids).subList(0, 1_000)) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
        }
    }

    @Test
    void consecutiveEventIdsDoNotTellHowManyCameBetween() {
        UUID first = UUID.fromString(Required.newEventId());
        UUID second = UUID.fromString(Required.newEventId());

        assertThat(Math.abs(second.getLeastSignificantBits() - first.getLeastSignificantBits())).isGreaterThan(1_000_000L);
    }

    @Test
    void eventIdsDifferInTheirRandomHalfFromOneProcessToTheNext() throws Exception {
        Set<String> firstHalves = new HashSet<>();
        for (int process = 0; process < 3; process++) {
            // a fresh class, as a new process would load it
            var loader = new java.net.URLClassLoader(new java.net.URL[] {
                    Required.class.getProtectionDomain().getCodeSource().getLocation()}, null);
            String id = (String) loader.loadClass(Required.class.getName()).getMethod("newEventId").invoke(null);
            firstHalves.add(id.substring(0, 18));
        }
        assertThat(firstHalves).hasSize(3);
    }
}
