package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.kafka.testkit.DriverTopics;
import io.nhp.registry.domain.EligibilityRules;
import io.nhp.registry.domain.Liveness;
import io.nhp.registry.domain.LivenessRules;
import io.nhp.contracts.serde.JsonSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.Stores;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceTopologyTest {

    /** 23:00 in UTC: 04:30 the next morning in Kolkata, 20:00 the same evening in São Paulo. */
    static final Instant START = Instant.parse("2026-11-22T23:00:00Z");
    static final Duration OFFLINE_AFTER = Duration.ofSeconds(147);
    static final Duration COOLDOWN = Duration.ofMinutes(5);
    static final Duration CHECKPOINT = Duration.ofMinutes(5);
    static final ActiveHours NIGHTS = new ActiveHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    static final LivenessRules RULES = new LivenessRules(new EligibilityRules(20, 40.0, ThermalStatus.LIGHT, COOLDOWN));

    final RecentHeartbeats recent = new RecentHeartbeats();
    TopologyTestDriver driver;
    TestInputTopic<String, DeviceRegisteredEvent> registrations;
    TestInputTopic<String, HeartbeatEvent> heartbeats;
    TestOutputTopic<String, DeviceStatusEvent> status;
    TestOutputTopic<String, DeadLetterEvent> deadLetters;

    @BeforeEach
    void setUp() {
        start(new Properties());
    }

    private void start(Properties props) {
        start(props, DeviceTopology.build(RULES, OFFLINE_AFTER, Duration.ofSeconds(1), CHECKPOINT, recent));
    }

    private void start(Properties props, Topology topology) {
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "device-topology-test");
        // not the default /tmp/kafka-streams/device-topology-test, whose RocksDB locks every checkout shares
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-state");
        driver = new TopologyTestDriver(topology, props, START);
        registrations = DriverTopics.input(driver, Topics.DEVICES_REGISTERED);
        heartbeats = DriverTopics.input(driver, Topics.DEVICES_HEARTBEATS);
        status = DriverTopics.output(driver, Topics.DEVICES_STATUS);
        deadLetters = DriverTopics.output(driver, Topics.DEAD_LETTER);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldListANewDeviceAsOfflineWithWhatItIs() {
        register("d1", "Asia/Kolkata", null);

        DeviceStatusEvent registered = status.readValue();
        assertThat(registered.state()).isEqualTo(DeviceState.OFFLINE);
        assertThat(registered.previousState()).isNull();
        assertThat(registered.reasons()).containsExactly("OFFLINE");
        assertThat(List.of(registered.partner(), registered.ownerId(), registered.region(), registered.model()))
                .containsExactly("xiaomi", "o-1", "india", "Xiaomi 14");
        assertThat(registered.tops()).isEqualTo(34.0);
        assertThat(registered.ramGb()).isEqualTo(12);
    }

    @Test
    void shouldEmitStatusOnlyOnTransitions() {
        register("d1", null, null);
        status.readValuesToList();

        // an eligible phone reporting the same state three times, then unplugged
        beat("d1", 0, eligible());
        beat("d1", 60, eligible());
        beat("d1", 120, eligible());
        beat("d1", 180, eligible().charging(false));

        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::previousState, DeviceStatusEvent::state, DeviceStatusEvent::reasons)
                .containsExactly(
                        tuple(DeviceState.OFFLINE, DeviceState.ELIGIBLE, List.of()),
                        tuple(DeviceState.ELIGIBLE, DeviceState.INELIGIBLE, List.of("NOT_CHARGING")));
    }

    @Test
    void shouldGiveEveryReasonAPhoneMayNotCompute() {
        register("d1", null, null);
        status.readValuesToList();

        beat("d1", 0, eligible().network(NetworkType.CELLULAR));
        beat("d1", 10, eligible().screenOff(false));
        beat("d1", 20, eligible().battery(19));
        beat("d1", 30, eligible().temperature(40.5));
        beat("d1", 40, eligible().thermal(ThermalStatus.MODERATE));

        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::reasons).containsExactly(
                List.of("METERED_NETWORK"), List.of("SCREEN_ON"), List.of("LOW_BATTERY"), List.of("TOO_HOT"));
    }

    @Test
    void shouldMarkASilentDeviceOfflineOnWallClockTime() {
        register("d1", null, null);
        beat("d1", 0, eligible());
        status.readValuesToList();

        driver.advanceWallClockTime(OFFLINE_AFTER.minusSeconds(2));
        assertThat(status.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        DeviceStatusEvent offline = status.readValue();
        assertThat(offline.state()).isEqualTo(DeviceState.OFFLINE);
        assertThat(offline.previousState()).isEqualTo(DeviceState.ELIGIBLE);
        assertThat(offline.lastHeartbeatAt()).isEqualTo(START);
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(status.isEmpty()).as("offline is told once").isTrue();
    }

    @Test
    void shouldWriteALivenessChangeAtOnceAndTheTimesAloneAtMostOnceACheckpoint() {
        register("d1", null, null);
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
                "device-topology-test-" + DeviceTopology.LIVENESS_STORE + "-changelog",
                new StringDeserializer(), new ByteArrayDeserializer());
        changelog.readRecordsToList();

        // a phone beating every minute with nothing to tell, then unplugged
        beat("d1", 0, eligible());
        beat("d1", 60, eligible());
        beat("d1", 240, eligible());
        assertThat(changelog.getQueueSize()).as("the first heartbeat only: OFFLINE -> ELIGIBLE").isEqualTo(1);
        assertThat(storedLastHeardAt("d1")).isEqualTo(START);
        assertThat(recent.heard("d1")).map(RecentHeartbeats.Heard::lastHeardAt).contains(START.plusSeconds(240));

        beat("d1", 300, eligible());
        assertThat(changelog.getQueueSize()).as("the times a checkpoint old").isEqualTo(2);
        assertThat(storedLastHeardAt("d1")).isEqualTo(START.plusSeconds(300));

        beat("d1", 310, eligible().charging(false));
        assertThat(changelog.getQueueSize()).isEqualTo(3);
        assertThat(storedLastHeardAt("d1")).isEqualTo(START.plusSeconds(310));
    }

    @Test
    void shouldTellASilentDeviceWithWhenItWasLastHeardNotWhenItWasLastStored() {
        register("d1", null, null);
        beat("d1", 0, eligible());
        beat("d1", 60, eligible());
        status.readValuesToList();

        driver.advanceWallClockTime(OFFLINE_AFTER.plusSeconds(58));
        assertThat(status.isEmpty()).as("heard at 60 s, silent at 207 s").isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        DeviceStatusEvent offline = status.readValue();
        assertThat(offline.state()).isEqualTo(DeviceState.OFFLINE);
        assertThat(offline.lastHeartbeatAt()).isEqualTo(START.plusSeconds(60));
        assertThat(storedLastHeardAt("d1")).isEqualTo(START.plusSeconds(60));
        assertThat(recent.heard("d1")).as("no longer online").isEmpty();
    }

    @Test
    void shouldTellTheSilentDevicesAPunctuationFailedOnAtTheNextCheck() {
        // given the liveness store failing once, on the write that stores d1 offline
        driver.close();
        AtomicBoolean failOnce = new AtomicBoolean();
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        start(props, DeviceTopology.build(RULES, OFFLINE_AFTER, Duration.ofSeconds(1), CHECKPOINT, recent,
                name -> DelegatingStore.wrapping(Stores.persistentKeyValueStore(name), rocks -> new DelegatingStore(rocks) {
                    @Override
                    public void put(Bytes key, byte[] value) {
                        if (name.equals(DeviceTopology.LIVENESS_STORE) && key.equals(Bytes.wrap("d1".getBytes(StandardCharsets.UTF_8)))
                                && failOnce.getAndSet(false)) {
                            throw new IllegalStateException("the store failed");
                        }
                        super.put(key, value);
                    }
                })));
        register("d1", null, null);
        register("d2", null, null);
        beat("d1", 0, eligible());
        beat("d2", 0, eligible());
        status.readValuesToList();

        // when both fall silent and the check fails on d1
        failOnce.set(true);
        try {
            driver.advanceWallClockTime(OFFLINE_AFTER.plusSeconds(1));
        } catch (RuntimeException thrownOutOfTheDriver) {
            // the driver may hand a punctuation's exception back instead of to the processing handler
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // then the next check tells both (d1 perhaps twice: told before it is stored), and both are stored offline
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::state)
                .contains(tuple("d1", DeviceState.OFFLINE), tuple("d2", DeviceState.OFFLINE))
                .allMatch(told -> told.toList().get(1) == DeviceState.OFFLINE);
        assertThat(storedState("d1")).isEqualTo(DeviceState.OFFLINE);
        assertThat(storedState("d2")).isEqualTo(DeviceState.OFFLINE);
    }

    @Test
    void shouldHearAnOnlineDeviceWithoutReadingAStore() {
        // given stores that count their reads
        driver.close();
        AtomicInteger reads = new AtomicInteger();
        start(new Properties(), DeviceTopology.build(RULES, OFFLINE_AFTER, Duration.ofSeconds(1), CHECKPOINT, recent,
                name -> DelegatingStore.wrapping(Stores.persistentKeyValueStore(name), rocks -> new DelegatingStore(rocks) {
                    @Override
                    public byte[] get(Bytes key) {
                        reads.incrementAndGet();
                        return super.get(key);
                    }
                })));
        register("d1", "Asia/Kolkata", NIGHTS);
        reads.set(0);

        // when the device, offline, is heard, and then heard again while online
        beat("d1", 0, eligible());
        int readsWhileOffline = reads.getAndSet(0);
        beat("d1", 60, eligible());
        beat("d1", 120, eligible());
        int readsWhileOnline = reads.getAndSet(0);
        beat("d1", 180, eligible().charging(false));

        // then only its first heartbeat read its registration and liveness, and a change only the registration
        // (the status tells what the device is); the others were judged all the same
        assertThat(readsWhileOffline).isEqualTo(2);
        assertThat(readsWhileOnline).isZero();
        assertThat(reads.get()).isEqualTo(1);
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::state, DeviceStatusEvent::reasons)
                .containsExactly(tuple(DeviceState.OFFLINE, List.of("OFFLINE")), tuple(DeviceState.ELIGIBLE, List.of()),
                        tuple(DeviceState.INELIGIBLE, List.of("NOT_CHARGING")));
    }

    @Test
    void shouldJudgeAnOnlineDeviceRegisteredAgainByItsNewActiveHours() {
        // given a device in São Paulo, where 23:00 UTC is 20:00, outside its active hours (22:00-07:00), online
        registrations.pipeInput("d1", registration("d1", "Xiaomi 14", 34.0, "india", "America/Sao_Paulo", NIGHTS), START);
        beat("d1", 0, eligible());
        assertThat(status.readValuesToList()).last().extracting(DeviceStatusEvent::reasons)
                .isEqualTo(List.of("OUTSIDE_ACTIVE_HOURS"));

        // when it registers again in Kolkata (04:30 there), then beats
        registrations.pipeInput("d1", registration("d1", "Xiaomi 14", 34.0, "india", "Asia/Kolkata", NIGHTS),
                START.plusSeconds(10));
        beat("d1", 60, eligible());

        // then it is eligible: judged by the new registration, not by what was remembered of the old one
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::state, DeviceStatusEvent::reasons)
                .containsExactly(tuple(DeviceState.ELIGIBLE, List.of()));
    }

    /** A driver whose liveness store writes d1's value and then throws, once each time the flag returned is set. */
    private AtomicBoolean startWithAWriteThatLandsAndThrows() {
        AtomicBoolean failOnce = new AtomicBoolean();
        driver.close();
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        start(props, DeviceTopology.build(RULES, OFFLINE_AFTER, Duration.ofSeconds(1), CHECKPOINT, recent,
                name -> DelegatingStore.wrapping(Stores.persistentKeyValueStore(name), rocks -> new DelegatingStore(rocks) {
                    @Override
                    public void put(Bytes key, byte[] value) {
                        super.put(key, value);
                        if (name.equals(DeviceTopology.LIVENESS_STORE) && key.equals(Bytes.wrap("d1".getBytes(StandardCharsets.UTF_8)))
                                && failOnce.getAndSet(false)) {
                            throw new IllegalStateException("the store failed after writing");
                        }
                    }
                })));
        return failOnce;
    }

    @Test
    void shouldTellAChangeWhoseWriteFailedAtTheDevicesNextHeartbeat() {
        AtomicBoolean failOnce = startWithAWriteThatLandsAndThrows();
        register("d1", null, null);
        beat("d1", 0, eligible());
        status.readValuesToList();

        // when d1 is unplugged and the write of that throws after it was stored (the processing handler goes on)
        failOnce.set(true);
        beat("d1", 10, eligible().charging(false));
        // and d1 says the same again
        beat("d1", 20, eligible().charging(false));

        // then the change is told then, and stored
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::previousState, DeviceStatusEvent::state)
                .containsExactly(tuple(DeviceState.ELIGIBLE, DeviceState.INELIGIBLE));
        assertThat(storedState("d1")).isEqualTo(DeviceState.INELIGIBLE);
    }

    @Test
    void shouldTellAnOfflineDevicesChangeWhoseWriteFailedAtItsNextHeartbeat() {
        AtomicBoolean failOnce = startWithAWriteThatLandsAndThrows();
        register("d1", null, null);
        status.readValuesToList();

        // when d1, offline, is heard and the write of it coming online throws after it was stored
        failOnce.set(true);
        beat("d1", 0, eligible());
        // and d1 is heard again
        beat("d1", 10, eligible());

        // then it is told online then, once, and stored so
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::previousState, DeviceStatusEvent::state)
                .containsExactly(tuple(DeviceState.OFFLINE, DeviceState.ELIGIBLE));
        assertThat(storedState("d1")).isEqualTo(DeviceState.ELIGIBLE);
    }

    @Test
    void shouldStoreAnOfflineDeviceAsToldWhenItsWriteFailedAndItSaysNothingMore() {
        AtomicBoolean failOnce = startWithAWriteThatLandsAndThrows();
        register("d1", null, null);
        status.readValuesToList();

        // when d1's first heartbeat is stored and then throws, and d1 says nothing more
        failOnce.set(true);
        beat("d1", 0, eligible());
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // then the next check stores what was told of it (offline), and tells nothing
        assertThat(status.readValuesToList()).isEmpty();
        assertThat(storedState("d1")).isEqualTo(DeviceState.OFFLINE);
        assertThat(recent.heard("d1")).isEmpty();
    }

    @Test
    void shouldJudgeADeviceHeardAfterAFailedOfflineWriteAgainstWhatWasTold() {
        AtomicBoolean failOnce = startWithAWriteThatLandsAndThrows();
        register("d1", null, null);
        beat("d1", 0, eligible());
        status.readValuesToList();

        // when d1 falls silent, is told OFFLINE, and the write of that throws after it was stored
        failOnce.set(true);
        try {
            driver.advanceWallClockTime(OFFLINE_AFTER.plusSeconds(1));
        } catch (RuntimeException thrownOutOfTheDriver) {
            // the driver may hand a punctuation's exception back instead of to the processing handler
        }
        // and d1 is heard before the next check
        beat("d1", 150, eligible());
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // then it is told OFFLINE and then ELIGIBLE again, once each, and stored so
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::previousState, DeviceStatusEvent::state)
                .containsExactly(tuple(DeviceState.ELIGIBLE, DeviceState.OFFLINE),
                        tuple(DeviceState.OFFLINE, DeviceState.ELIGIBLE));
        assertThat(storedState("d1")).isEqualTo(DeviceState.ELIGIBLE);
    }

    private DeviceState storedState(String deviceId) {
        return driver.<String, Liveness>getKeyValueStore(DeviceTopology.LIVENESS_STORE).get(deviceId).state();
    }

    private Instant storedLastHeardAt(String deviceId) {
        return driver.<String, Liveness>getKeyValueStore(DeviceTopology.LIVENESS_STORE).get(deviceId).lastHeardAt();
    }

    @Test
    void shouldKeepADeviceOnlineWhileItBeats() {
        register("d1", null, null);
        for (int second = 0; second <= 600; second += 60) {
            driver.advanceWallClockTime(Duration.ofSeconds(second == 0 ? 0 : 60));
            beat("d1", second, eligible());
        }

        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::state)
                .containsExactly(DeviceState.OFFLINE, DeviceState.ELIGIBLE);
    }

    @Test
    void shouldHoldADeviceBackForTheCooldownAfterHeatOrUnplugging() {
        register("d1", null, null);
        beat("d1", 0, eligible());
        beat("d1", 60, eligible().temperature(44.0));
        status.readValuesToList();

        // cool again: still held back for five minutes
        beat("d1", 120, eligible());
        beat("d1", 120 + 299, eligible());
        beat("d1", 120 + 300, eligible());

        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::state, DeviceStatusEvent::reasons)
                .containsExactly(
                        tuple(DeviceState.INELIGIBLE, List.of("COOLING_DOWN")),
                        tuple(DeviceState.ELIGIBLE, List.of()));
    }

    @Test
    void shouldReadActiveHoursAcrossMidnightInTheDevicesOwnTimeZone() {
        // at 23:00 UTC it is 04:30 in Kolkata (inside 22:00-07:00) and 20:00 in São Paulo (outside)
        register("kolkata", "Asia/Kolkata", NIGHTS);
        register("sao-paulo", "America/Sao_Paulo", NIGHTS);
        status.readValuesToList();

        beat("kolkata", 0, eligible());
        beat("sao-paulo", 0, eligible());
        // three hours later: 07:30 in Kolkata (outside), 23:00 in São Paulo (inside)
        beat("kolkata", 3 * 3600, eligible());
        beat("sao-paulo", 3 * 3600, eligible());

        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::state, DeviceStatusEvent::reasons)
                .containsExactly(
                        tuple("kolkata", DeviceState.ELIGIBLE, List.of()),
                        tuple("sao-paulo", DeviceState.INELIGIBLE, List.of("OUTSIDE_ACTIVE_HOURS")),
                        tuple("kolkata", DeviceState.INELIGIBLE, List.of("OUTSIDE_ACTIVE_HOURS")),
                        tuple("sao-paulo", DeviceState.ELIGIBLE, List.of()));
    }

    @Test
    void shouldIgnoreTheStateOfAHeartbeatMeasuredBeforeTheLastOne() {
        register("d1", null, null);
        beat("d1", 60, eligible());
        beat("d1", 0, eligible().charging(false));

        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::state)
                .containsExactly(DeviceState.OFFLINE, DeviceState.ELIGIBLE);
    }

    @Test
    void shouldSendAHeartbeatOfAnUnregisteredDeviceToTheDeadLettersWithItsPlaceAndReasonAndGoOn() {
        // given one registered device
        register("d1", null, null);
        status.readValuesToList();

        // when a device that is not registered beats first, then the registered one
        beat("ghost", 0, eligible());
        beat("d1", 1, eligible());

        // then the ghost's heartbeat is a dead letter keyed by its topic, naming its place, the heartbeat and why
        var dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(Topics.DEVICES_HEARTBEATS.name());
        assertThat(dead.value()).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic,
                        DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::key, DeadLetterEvent::reason)
                .containsExactly("device-registry", Topics.DEVICES_HEARTBEATS.name(), 0, 0L, "ghost",
                        "heartbeat of a device that is not registered");
        assertThat(dead.value().value()).contains("\"eventId\":\"h-ghost0\"");
        assertThat(deadLetters.isEmpty()).isTrue();
        // and the registered device's heartbeat went on to a status, and no status went to the dead letters
        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::state)
                .containsExactly(tuple("d1", DeviceState.ELIGIBLE));
    }

    @Test
    void shouldLeaveADeviceAsItWasWhenOneOfItsHeartbeatsCannotBeProcessed() {
        // given an online device, on a pipeline that goes on past a record it cannot process (as the service's
        // DeadLetteringProcessingHandler does, here Kafka's logging one)
        driver.close();
        var props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        start(props);
        register("d1", null, null);
        beat("d1", 0, eligible());
        status.readValuesToList();

        // when a heartbeat says it was received at a time no millisecond timestamp holds (the processor throws)
        Instant far = Instant.parse("+300000000-01-01T00:00:00Z");
        heartbeats.pipeInput("d1", new HeartbeatEvent("h-far", START.plusSeconds(30), far, "d1", "xiaomi", true, 80,
                31.5, NetworkType.WIFI, true, 10, ThermalStatus.NONE), START.plusSeconds(30));

        // then nothing is published and the device is as it was
        assertThat(status.isEmpty()).isTrue();
        assertThat(driver.<String, Liveness>getKeyValueStore(DeviceTopology.LIVENESS_STORE).get("d1").lastHeardAt())
                .isEqualTo(START);
        // and its next heartbeat counts
        beat("d1", 60, eligible().charging(false));
        assertThat(status.readValue().state()).isEqualTo(DeviceState.INELIGIBLE);
    }

    @Test
    void shouldGoOnFromStoresAnEarlierVersionWroteAsJson() {
        // given stores (or changelogs restored into them) holding the JSON values earlier versions wrote: d1 and d2
        // registered, online and eligible since START
        driver.close();
        Liveness eligible = new Liveness(START, START, DeviceState.ELIGIBLE, List.of(), false, null);
        Map<String, Map<String, byte[]>> json = Map.of(
                DeviceTopology.DEVICES_STORE, Map.of(
                        "d1", json(registration("d1", "Xiaomi 14", 34.0, "india", "Asia/Kolkata", NIGHTS)),
                        "d2", json(registration("d2", "Xiaomi 14", 34.0, "india", null, null))),
                DeviceTopology.LIVENESS_STORE, Map.of("d1", json(eligible), "d2", json(eligible)));
        start(new Properties(), DeviceTopology.build(RULES, OFFLINE_AFTER, Duration.ofSeconds(1), CHECKPOINT, recent,
                name -> DelegatingStore.wrapping(Stores.persistentKeyValueStore(name), rocks -> new DelegatingStore(rocks) {
                    @Override
                    public void init(StateStoreContext context, StateStore root) {
                        super.init(context, root);
                        json.get(name).forEach((id, value) -> put(Bytes.wrap(id.getBytes(StandardCharsets.UTF_8)), value));
                    }
                })));
        assertThat(driver.<String, DeviceRegisteredEvent>getKeyValueStore(DeviceTopology.DEVICES_STORE).get("d1"))
                .isEqualTo(registration("d1", "Xiaomi 14", 34.0, "india", "Asia/Kolkata", NIGHTS));

        // when d1 is unplugged at 04:31 in Kolkata, and d2 says nothing
        beat("d1", 60, eligible().charging(false));
        driver.advanceWallClockTime(OFFLINE_AFTER.plusSeconds(1));

        // then d1's change is told with what its JSON registration says; d2, online in the JSON liveness the silence
        // index was rebuilt from, is not silent yet: stored times may be a checkpoint old
        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::previousState, DeviceStatusEvent::state,
                        DeviceStatusEvent::reasons, DeviceStatusEvent::partner, DeviceStatusEvent::tops)
                .containsExactly(tuple("d1", DeviceState.ELIGIBLE, DeviceState.INELIGIBLE, List.of("NOT_CHARGING"), "xiaomi", 34.0));
        assertThat(driver.<String, Liveness>getKeyValueStore(DeviceTopology.LIVENESS_STORE).get("d1").lastHeardAt())
                .isEqualTo(START.plusSeconds(60));

        assertThat(recent.heard("d2")).map(RecentHeartbeats.Heard::silentAt)
                .contains(START.plus(CHECKPOINT).plus(OFFLINE_AFTER));

        // and d1, heard since, falls silent on time, not behind d2's grace
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::state, DeviceStatusEvent::lastHeartbeatAt)
                .containsExactly(tuple("d1", DeviceState.OFFLINE, START.plusSeconds(60)));

        // and d2 a checkpoint after what its store said, told with when it was last heard
        driver.advanceWallClockTime(CHECKPOINT.minusSeconds(60));
        assertThat(status.readValuesToList())
                .extracting(DeviceStatusEvent::deviceId, DeviceStatusEvent::state, DeviceStatusEvent::lastHeartbeatAt)
                .containsExactly(tuple("d2", DeviceState.OFFLINE, START));
    }

    /** As the stores' JSON serdes wrote it (the topic's for registrations). */
    private static byte[] json(Object value) {
        return new JsonSerde.JsonSerializer<>().serialize("store", value);
    }

    @Test
    void shouldCountEachPartnersFleetInTotalAndByRegion() {
        register("d1", null, null);
        register("d2", null, null);
        registrations.pipeInput("d3", registration("d3", "Redmi Note 13", 5.0, "default", null, null), START);
        beat("d1", 0, eligible());
        beat("d2", 0, eligible().screenOff(false));
        beat("d3", 0, eligible());
        // each task's part of the fleet goes downstream at most every 100 ms: the rest on the next punctuation
        driver.advanceWallClockTime(Duration.ofMillis(100));

        Fleet fleet = driver.<String, Fleet>getKeyValueStore(DeviceTopology.FLEET_STORE).get("xiaomi");
        assertThat(List.of(fleet.total().registered(), fleet.total().online(), fleet.total().eligible()))
                .containsExactly(3L, 3L, 2L);
        assertThat(fleet.total().eligibleTops()).isEqualByComparingTo(new BigDecimal("39"));
        assertThat(fleet.regions().get("india").eligible()).isEqualTo(1);
        assertThat(fleet.regions().get("default").eligibleTops()).isEqualByComparingTo(new BigDecimal("5"));

        // a device removed (tombstone) no longer counts
        registrations.pipeInput("d3", null, START.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        Fleet after = driver.<String, Fleet>getKeyValueStore(DeviceTopology.FLEET_STORE).get("xiaomi");
        assertThat(after.total().registered()).isEqualTo(2);
        assertThat(after.regions()).doesNotContainKey("default");
    }

    private void register(String deviceId, String timeZone, ActiveHours hours) {
        registrations.pipeInput(deviceId, registration(deviceId, "Xiaomi 14", 34.0, "india", timeZone, hours), START);
    }

    static DeviceRegisteredEvent registration(String deviceId, String model, double tops, String region,
                                              String timeZone, ActiveHours hours) {
        return new DeviceRegisteredEvent("r-" + deviceId, START, deviceId, "xiaomi", model, "India", "o-1", tops, 12,
                region, "default".equals(region), timeZone, hours, "1.0.0", 1);
    }

    private void beat(String deviceId, int second, Phone phone) {
        Instant at = START.plusSeconds(second);
        heartbeats.pipeInput(deviceId, new HeartbeatEvent("h-" + deviceId + second, at, at, deviceId, "xiaomi",
                phone.charging, phone.battery, phone.temperature, phone.network, phone.screenOff, 10, phone.thermal), at);
    }

    static Phone eligible() {
        return new Phone(true, 80, 31.5, NetworkType.WIFI, true, ThermalStatus.NONE);
    }

    /** A phone's measurable state, changed one condition at a time. */
    record Phone(boolean charging, int battery, double temperature, NetworkType network, boolean screenOff,
                 ThermalStatus thermal) {
        Phone charging(boolean value) {
            return new Phone(value, battery, temperature, network, screenOff, thermal);
        }

        Phone battery(int value) {
            return new Phone(charging, value, temperature, network, screenOff, thermal);
        }

        Phone temperature(double value) {
            return new Phone(charging, battery, value, network, screenOff, thermal);
        }

        Phone network(NetworkType value) {
            return new Phone(charging, battery, temperature, value, screenOff, thermal);
        }

        Phone screenOff(boolean value) {
            return new Phone(charging, battery, temperature, network, value, thermal);
        }

        Phone thermal(ThermalStatus value) {
            return new Phone(charging, battery, temperature, network, screenOff, value);
        }
    }
}
