package io.nhp.sim;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Progress on the console, refreshed in place on a terminal (a line every 10 s otherwise), and a summary. */
final class Console {

    private final Simulation.Stats stats;
    private final Options options;
    private final PrintStream out = System.out;
    private final boolean terminal = System.console() != null;
    private final Instant started = Instant.now();
    private Instant lastLine = Instant.EPOCH;
    private long lastResults;
    private Instant lastAt = Instant.now();

    Console(Simulation.Stats stats, Options options) {
        this.stats = stats;
        this.options = options;
    }

    void progress(int devices, int minuteFromNoon) {
        Instant now = Instant.now();
        if (!terminal && Duration.between(lastLine, now).toSeconds() < 10) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
        double rate = (stats.results.get() - lastResults) / seconds;
        lastResults = stats.results.get();
        lastAt = now;
        lastLine = now;
        int hour = (minuteFromNoon / 60 + 12) % 24;
        String line = String.format("[sim %s %02d:%02d ×%s] registered %d/%d · fit %d · heartbeats %d · jobs submitted %d"
                        + " · done %d (%.1f/s) · failed %d · silent %d · embeddings honest %d / dishonest %d · errors %d",
                options.partner(), hour, minuteFromNoon % 60, trim(options.speed()), stats.registered.get(),
                options.devices(), stats.eligible.get(), stats.heartbeats.get(), stats.submitted.get(),
                stats.results.get(), rate, stats.failed.get(), stats.silent.get(), stats.embeddingsHonest.get(),
                stats.embeddingsDishonest.get(), stats.errors.get());
        if (!stats.errorsByKind.isEmpty()) {
            line += " " + stats.errorsByKind;
        }
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    void summary() {
        out.println();
        out.printf("Simulated %s's fleet for %s: %d phones registered, %d heartbeats, %d jobs submitted, %d results "
                        + "(%d failed, %d went silent; embeddings: %d real vectors, %d wrong ones from dishonest "
                        + "phones), %d errors %s%s%n", options.partner(),
                Duration.between(started, Instant.now()).withNanos(0), stats.registered.get(), stats.heartbeats.get(),
                stats.submitted.get(), stats.results.get(), stats.failed.get(), stats.silent.get(),
                stats.embeddingsHonest.get(), stats.embeddingsDishonest.get(), stats.errors.get(),
                stats.errorsByKind, stats.errors.get() > 0 ? " (first of each: " + stats.examples + ")" : "");
    }

    private static String trim(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }
}
