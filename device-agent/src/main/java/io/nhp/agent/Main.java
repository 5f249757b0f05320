package io.nhp.agent;

import io.nhp.agent.compute.EmbeddingCompute;
import io.nhp.agent.protocol.Conditions;
import io.nhp.agent.protocol.PlatformClient;
import io.nhp.embeddings.MiniLm;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs N reference agents in one JVM, sharing one loaded model, until Ctrl-C (or SIGTERM): each stops cleanly, and
 * a summary is printed. Options ({@code --name value}), each with an environment fallback; {@code --help} lists them.
 */
public final class Main {

    /** An option: its name, environment variable, default and meaning. */
    record Option(String name, String env, String fallback, String help) {
    }

    static final List<Option> OPTIONS = List.of(
            new Option("registry", "NHP_REGISTRY_URL", "http://localhost:8081", "device-registry's base URL"),
            new Option("broker", "NHP_BROKER_URL", "http://localhost:8082", "job-broker's base URL"),
            new Option("agents", "NHP_AGENTS", "1", "how many agents (devices) to run"),
            new Option("partner", "NHP_AGENT_PARTNER", "xiaomi", "the partner that enrolls them"),
            new Option("owner-prefix", "NHP_AGENT_OWNER_PREFIX", "agent-owner",
                    "owners are <prefix>-1..N: one owner per agent, so that k agents may agree"),
            new Option("model", "NHP_AGENT_MODEL", "Xiaomi 14", "the device model the partner names"),
            new Option("market", "NHP_AGENT_MARKET", "India", "the market the partner names"),
            new Option("time-zone", "NHP_AGENT_TIME_ZONE", "UTC", "the device's time zone"),
            new Option("partner-key", "NHP_PARTNER_SIGNING_KEY", PartnerKey.DEV_KEY,
                    "the partner's PKCS#8 PEM key that signs enrollment tokens (dev key by default)"),
            new Option("partner-key-id", "NHP_PARTNER_KEY_ID", PartnerKey.DEV_KEY_ID, "its key id"),
            new Option("wait-seconds", "NHP_AGENT_WAIT_SECONDS", "20", "long-poll wait in seconds, 1..30"),
            new Option("want", "NHP_AGENT_WANT", "1", "leases asked for per exchange, 1.." + Agent.MAX_WANT
                    + ", computed in turn; job-broker gives at most its per-device lease limit "
                    + "(nhp.jobs.max-leases-per-device, 1 by default)"));

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> values;
        try {
            values = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (values.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        int count = Integer.parseInt(values.get("agents"));
        PartnerKey partnerKey;
        try {
            partnerKey = PartnerKey.load(PartnerKey.findUp(values.get("partner-key")), values.get("partner-key-id"));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage() + " (--partner-key)");
            System.exit(2);
            return;
        }
        String partner = values.get("partner");
        long loading = System.nanoTime();
        MiniLm model = MiniLm.load();
        System.out.printf(Locale.ROOT, "%s loaded in %.1f s; starting %d agent(s) against %s and %s%n",
                MiniLm.MODEL_ID, (System.nanoTime() - loading) / 1e9, count, values.get("registry"), values.get("broker"));
        PlatformClient platform = new PlatformClient(URI.create(values.get("registry")), URI.create(values.get("broker")));
        EmbeddingCompute compute = new EmbeddingCompute(model);
        List<Agent> agents = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String owner = values.get("owner-prefix") + "-" + i;
            agents.add(new Agent(new Agent.Settings("agent-" + i,
                    () -> partnerKey.enrollment(partner, owner, values.get("model"), values.get("market")), "device-agent/1.0",
                    values.get("time-zone"), () -> Conditions.ELIGIBLE, Integer.parseInt(values.get("wait-seconds")),
                    Integer.parseInt(values.get("want"))),
                    platform, compute, Clock.systemUTC()).start());
        }
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            agents.forEach(Agent::stop);
            try {
                for (Agent agent : agents) {
                    agent.awaitStopped(Duration.ofSeconds(20));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            summary(agents);
        }, "agents-stop"));
        for (Agent agent : agents) {
            agent.awaitStopped(Duration.ofDays(3650));
        }
        if (!shuttingDown.get()) { // every agent stopped on its own (refused): say why; the hook sums up
            agents.forEach(a -> a.failure().ifPresent(e -> System.err.println(a.deviceId().orElse("?") + ": "
                    + e.getMessage())));
            System.exit(1);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            String env = System.getenv(option.env());
            values.put(option.name(), env == null || env.isBlank() ? option.fallback() : env);
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                values.put("help", "true");
                continue;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (OPTIONS.stream().noneMatch(o -> o.name().equals(name)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
            }
            values.put(name, args[++i]);
        }
        int agents = Integer.parseInt(values.get("agents"));
        int wait = Integer.parseInt(values.get("wait-seconds"));
        int want = Integer.parseInt(values.get("want"));
        if (agents < 1 || wait < 1 || wait > 30 || want < 1 || want > Agent.MAX_WANT) {
            throw new IllegalArgumentException("--agents must be >= 1, --wait-seconds 1..30 and --want 1.."
                    + Agent.MAX_WANT);
        }
        return values;
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar device-agent.jar [options]\n");
        OPTIONS.forEach(o -> usage.append(String.format(Locale.ROOT, "  --%-15s %s (env %s, default %s)%n",
                o.name(), o.help(), o.env(), o.fallback())));
        return usage.toString();
    }

    private static void summary(List<Agent> agents) {
        for (Agent agent : agents) {
            Agent.Stats s = agent.stats();
            System.out.printf(Locale.ROOT, "%s: %d heartbeats, %d leases, %d succeeded, %d failed, %d expired, "
                            + "%d refused, %d backoffs%n", agent.deviceId().orElse("(unregistered)"), s.heartbeats(),
                    s.leases(), s.succeeded(), s.failed(), s.expired(), s.refused(), s.backoffs());
        }
    }
}
