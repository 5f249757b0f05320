package io.nhp.sim;

import java.util.Map;
import java.util.Random;

/** The partner's AI demand: its daily requests shaped by the hour of the day, and a mix of task types. */
final class Demand {

    /** Makes {@link #shape} average 1 over the day's minutes. */
    private static final double MEAN = java.util.stream.IntStream.range(0, 1440).mapToDouble(Demand::rawShape)
            .average().orElse(1);

    private Demand() {
    }

    /**
     * The share of the day's mean request rate at a minute from noon: low at night, a morning rise and an evening
     * peak; 1 on average over the day.
     */
    static double shape(int minuteFromNoon) {
        return rawShape(minuteFromNoon) / MEAN;
    }

    private static double rawShape(int minuteFromNoon) {
        double hour = ((minuteFromNoon / 60.0) + 12) % 24;
        double evening = Math.exp(-Math.pow((hour - 20) / 3.0, 2));
        double midday = Math.exp(-Math.pow((hour - 12.5) / 3.5, 2));
        return 0.35 + 1.1 * evening + 0.9 * midday;
    }

    /** A Poisson draw with the given mean (Knuth; the means here are small). */
    static int poisson(Random random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static final String[] SUBJECTS = {"my phone", "the battery", "a quiet night", "the weather in Mumbai",
        "this recipe", "the train to Shanghai", "a birthday message", "the football match", "our holiday photos",
        "the electricity bill"};
    private static final String[] VERBS = {"needs", "reminds me of", "looks like", "depends on", "is better than",
        "was about", "will change", "cannot wait for"};
    private static final String[] OBJECTS = {"a long charge", "the morning news", "a cup of chai", "the weekend",
        "a translation into Arabic", "the evening rain", "a short summary", "the best price", "a new playlist",
        "a sunny day"};

    /**
     * A sentence a user might have an assistant embed (search, recommendations): 800 of them, so that the same
     * texts come back as in real traffic.
     */
    static String sentence(Random random) {
        return SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + VERBS[random.nextInt(VERBS.length)] + " "
                + OBJECTS[random.nextInt(OBJECTS.length)];
    }

    /** A task type drawn by weight. */
    static String task(Random random, Map<String, Double> mix) {
        return io.nhp.sim.model.Weighted.pick(random, mix);
    }
}
