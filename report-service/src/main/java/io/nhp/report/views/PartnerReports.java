package io.nhp.report.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.projection.Projection;
import io.nhp.contracts.serde.Json;
import io.nhp.report.render.PartnerTexts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every partner's latest profile and projection, as economics-service and pricing-service last published them: what
 * a deep-dive report is rendered from. A partner added at run time appears as soon as its projection does.
 */
@ApplicationScoped
public class PartnerReports {

    /** A partner's projection in one mode, or why the mode refuses the profile. */
    public sealed interface Found {
        record Report(Projection projection, PartnerTexts texts, ProjectionEvent event) implements Found {
        }

        record Refused(String why) implements Found {
        }
    }

    private final ConcurrentMap<String, JsonNode> profiles = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ProjectionEvent> projections = new ConcurrentHashMap<>();

    public void profile(PartnerProfileEvent event) {
        profiles.put(event.partner(), event.profile());
    }

    public void removeProfile(String partner) {
        profiles.remove(partner);
    }

    public void projection(ProjectionEvent event) {
        projections.put(event.partner(), event);
    }

    public void removeProjection(String partner) {
        projections.remove(partner);
    }

    /** The report's inputs for a partner in a mode ({@code corrected} or {@code reference}); empty if unknown. */
    public Optional<Found> find(String partner, String mode) {
        ProjectionEvent event = projections.get(partner);
        JsonNode profile = profiles.get(partner);
        if (event == null || profile == null) {
            return Optional.empty();
        }
        JsonNode tables = event.projections().get(mode);
        if (tables == null) {
            return Optional.of(new Found.Refused(event.refused().getOrDefault(mode, "no " + mode + " projection")));
        }
        try {
            return Optional.of(new Found.Report(Json.MAPPER.treeToValue(tables, Projection.class),
                    PartnerTexts.of(profile), event));
        } catch (IOException e) {
            throw new UncheckedIOException("projection of " + partner + " cannot be read", e);
        }
    }

    /** The partners with a projection, sorted. */
    public java.util.List<String> partners() {
        return projections.keySet().stream().filter(profiles::containsKey).sorted().toList();
    }
}
