package io.nhp.agent.compute;

/** What a lease asks this device to compute: the task type, the inline input (null if none) and the model named. */
public record Work(String taskType, String input, String model) {
}
