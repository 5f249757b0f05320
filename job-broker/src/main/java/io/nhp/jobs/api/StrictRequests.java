package io.nhp.jobs.api;

import io.nhp.service.json.StrictJson;
import jakarta.inject.Singleton;

/** job-broker reads every request body by the platform's strict rule ({@link StrictJson}). */
@Singleton
public class StrictRequests extends StrictJson {
}
