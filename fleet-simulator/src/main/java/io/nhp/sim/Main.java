package io.nhp.sim;

import io.nhp.agent.PartnerKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet-simulator}: a partner's fleet of phones and its AI demand, against the platform's public APIs. */
@Command(name = "fleet-simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Plays a partner's fleet of phones (registration, nights of charging and sleeping, heartbeats, "
                + "jobs) and its AI demand against NHP's public HTTP APIs. Ctrl-C stops it cleanly.")
public final class Main implements Callable<Integer> {

    @Option(names = "--partner", defaultValue = "xiaomi", description = "Partner key (default: ${DEFAULT-VALUE}).")
    String partner;

    @Option(names = "--devices", defaultValue = "2000", description = "Phones (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--speed", defaultValue = "60",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}: a minute per second).")
    double speed;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed, the same fleet.")
    long seed;

    @Option(names = "--duration", description = "How long to run, e.g. PT10M (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--faulty", defaultValue = "0.03", description = "Share of phones that fail or go silent.")
    double faulty;

    @Option(names = "--dishonest", defaultValue = "0.02", description = "Share of phones returning wrong results.")
    double dishonest;

    @Option(names = "--demand-scale", defaultValue = "0.00001",
            description = "Share of the partner's daily AI requests submitted (default: ${DEFAULT-VALUE}).")
    double demandScale;

    @Option(names = "--task-mix", split = ",", defaultValue = "inference_text=0.7,inference_voice=0.2,inference_image=0.1",
            description = "Task types by weight (default: ${DEFAULT-VALUE}).")
    Map<String, Double> taskMix = new LinkedHashMap<>();

    @Option(names = "--redundant", defaultValue = "0.2",
            description = "Share of jobs computed twice and validated by agreement (default: ${DEFAULT-VALUE}).")
    double redundantShare;

    @Option(names = "--market-weights", split = ",", description = "Markets by weight, e.g. India=2,China=1 "
            + "(default: equal).")
    Map<String, Double> marketWeights = new LinkedHashMap<>();

    @Option(names = "--pricing-url", defaultValue = "http://localhost:8083") URI pricing;
    @Option(names = "--registry-url", defaultValue = "http://localhost:8081") URI registry;
    @Option(names = "--broker-url", defaultValue = "http://localhost:8082") URI broker;

    @Option(names = "--partner-token", defaultValue = "${env:NHP_PARTNER_TOKEN:-dev-xiaomi-token}",
            description = "The partner's job-broker credential (default: NHP_PARTNER_TOKEN, else the dev token).")
    String partnerToken;

    @Option(names = "--gateway-token", defaultValue = "${env:NHP_GATEWAY_TOKEN:-dev-gateway-token}",
            description = "A device-registry gateway credential: heartbeats go in batches of up to 1,000 "
                    + "(default: NHP_GATEWAY_TOKEN, else the dev token).")
    String gatewayToken;

    @Option(names = "--partner-key", defaultValue = "${env:NHP_PARTNER_SIGNING_KEY}",
            description = "The partner's private key (PKCS#8 PEM, RSA) that signs its phones' enrollment tokens "
                    + "(default: NHP_PARTNER_SIGNING_KEY, else the development key " + PartnerKey.DEV_KEY + ").")
    Path partnerKey;

    @Option(names = "--partner-key-id", defaultValue = "${env:NHP_PARTNER_KEY_ID:-" + PartnerKey.DEV_KEY_ID + "}",
            description = "The key id the platform knows that key by (default: NHP_PARTNER_KEY_ID, else ${DEFAULT-VALUE}).")
    String partnerKeyId;

    @Option(names = "--single-heartbeats", description = "Each phone posts its own heartbeats with its own token.")
    boolean singleHeartbeats;

    @Option(names = "--workers", defaultValue = "32", description = "Phones computing at once, at most.")
    int workers;

    @Option(names = "--start-local-time", defaultValue = "21:30",
            description = "Accelerated: the owners' local time when the simulation starts (default: ${DEFAULT-VALUE}).")
    LocalTime startLocalTime;

    @Option(names = "--active-hours", defaultValue = "22:00-07:00",
            description = "The owners' computing window at --speed 1 (default: ${DEFAULT-VALUE}).")
    String activeHours;

    @Override
    public Integer call() throws Exception {
        String[] hours = activeHours.split("-");
        Options options = new Options(partner, devices, speed, seed, duration, faulty, dishonest, demandScale,
                taskMix, redundantShare, marketWeights, new Platform.Urls(pricing, registry, broker), partnerToken,
                singleHeartbeats ? null : gatewayToken, workers, startLocalTime, hours[0], hours[1],
                partnerKey == null ? PartnerKey.dev() : PartnerKey.load(partnerKey, partnerKeyId));
        Simulation simulation = new Simulation(options);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulation.stop();
            try {
                main.join(5000); // let run() print its summary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        simulation.run();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
