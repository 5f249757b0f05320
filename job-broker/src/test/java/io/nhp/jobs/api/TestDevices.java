package io.nhp.jobs.api;

import static io.restassured.RestAssured.given;

import io.nhp.embeddings.MiniLm;
import io.nhp.embeddings.Vectors;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;

/** For tests outside this package: the task types seeded once, and a phone that runs the model on one lease. */
public final class TestDevices {

    private static boolean seeded;
    private static MiniLm model;

    private TestDevices() {
    }

    /** The model's task types and {@code test_echo} on the reference topic, known to the broker. */
    public static synchronized void seedTaskTypesOnce(String bootstrapServers) {
        if (!seeded) {
            JobBrokerIT.seedTaskTypes(bootstrapServers);
            seeded = true;
        }
    }

    /** Waits until job-broker is ready, its fallback model loaded (it loads in the background after start). */
    public static void awaitReady() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** all-MiniLM-L6-v2, loaded once for every test of this JVM (a load takes seconds). */
    public static synchronized MiniLm model() {
        if (model == null) {
            model = MiniLm.load();
        }
        return model;
    }

    /** Waits until the broker holds at least {@code count} long polls open (its {@code nhp.jobs.polls.open} gauge). */
    public static void awaitOpenPolls(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> JobBrokerIT.openPolls() >= count);
    }

    /**
     * A new eligible phone of the partner (its own owner) that long polls until it is leased a job (at most 30 s),
     * embeds the input it is handed with the model and posts the vector; the post's answer.
     */
    public static Response computeOne(String bootstrapServers, String partner, MiniLm model) {
        JobBrokerIT.Device phone = JobBrokerIT.eligible(bootstrapServers, partner, 34.0);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(giveUp)) {
            Response lease = phone.next(5);
            if (lease.statusCode() == 200) {
                return phone.output(lease.path("leaseId"), Vectors.toBytes(model.embed(lease.path("input"))));
            }
        }
        throw new AssertionError("no lease for " + phone.id() + " within 30 s");
    }
}
