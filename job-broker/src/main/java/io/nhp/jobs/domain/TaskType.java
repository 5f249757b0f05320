package io.nhp.jobs.domain;

/**
 * A kind of AI work (the model's task table): what it costs a cloud GPU and the least compute a phone needs.
 * A phone of {@code tops} TOPS is {@code tops / 2000} of an H100 (MODEL.md §4.1), so it takes
 * {@code gpuSecondsPerTask × 2000 / tops} seconds.
 */
public record TaskType(String key, double gpuSecondsPerTask, double minTops, boolean latencySensitive) {

    /** TOPS of one NVIDIA H100 ({@code h100_tops}). */
    public static final double H100_TOPS = 2000.0;

    /** Seconds the task takes on a phone of {@code tops} TOPS. */
    public double secondsOn(double tops) {
        return gpuSecondsPerTask * H100_TOPS / tops;
    }
}
