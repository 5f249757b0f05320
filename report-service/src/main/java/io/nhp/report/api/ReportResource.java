package io.nhp.report.api;

import io.nhp.report.pages.HtmlReport;
import io.nhp.report.pages.MarkdownReport;
import io.nhp.report.pages.ReportDocument;
import io.nhp.report.pages.Reports;
import io.nhp.report.render.Lang;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.security.Viewer;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A partner's deep-dive report as a web page (EN/AR), as Markdown (the published layout) and as JSON. */
@Path("/")
@Tag(name = "Reports")
public class ReportResource {

    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");

    private final Reports reports;
    private final Template report;
    private final SecurityIdentity identity;

    ReportResource(Reports reports, Template report, SecurityIdentity identity) {
        this.reports = reports;
        this.report = report;
        this.identity = identity;
    }

    @GET
    @Path("reports/{partner}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The deep dive as a web page, in English or Arabic (right to left)",
            description = "The 13 sections of the published report with its six charts (inline SVG: offline, prints "
                    + "well), the live figures (for the partner's token or ops') and, in corrected mode, the errata. 400 for a bad mode or lang; 404 for a "
                    + "partner without a projection; 422 when the mode refuses the profile.")
    public String html(@PathParam("partner") String partner,
                       @Parameter(description = "en (default) or ar") @QueryParam("lang") String lang,
                       @Parameter(description = "corrected (default) or reference") @QueryParam("mode") String mode) {
        Lang language = lang(lang);
        return report.data("page", HtmlReport.page(reports.report(partner, mode, Viewer.of(identity)), language)).render();
    }

    @GET
    @Path("reports/{partner}.md")
    @Produces(MARKDOWN)
    @Operation(summary = "The deep dive as Markdown, in the published report's layout",
            description = "Bilingual like the published report (lang is accepted for symmetry with the HTML page). In "
                    + "reference mode, Xiaomi dated 25.02.2026 is byte for byte the published file. 400 for a bad "
                    + "mode, lang or date (dd.MM.yyyy, default today UTC); 404 for a partner without a projection; "
                    + "422 when the mode refuses the profile.")
    public String markdown(@PathParam("partner") String partner,
                           @Parameter(description = "corrected (default) or reference") @QueryParam("mode") String mode,
                           @Parameter(description = "en or ar") @QueryParam("lang") String lang,
                           @Parameter(description = "dd.MM.yyyy") @QueryParam("date") String date) {
        lang(lang);
        String printed = date(date);
        ReportDocument report = reports.report(partner, mode, Viewer.ANONYMOUS);
        return MarkdownReport.render(report.projection(), report.texts(), printed);
    }

    @GET
    @Path("api/v1/reports/{partner}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The deep dive as JSON: the model's tables, the texts, the live figures and the errata",
            description = "live is null unless the request carries the partner's token or ops'. 404 for a partner "
                    + "without a projection; 400 for a bad mode; 422 when it refuses the profile.")
    public ReportDocument json(@PathParam("partner") String partner,
                               @Parameter(description = "corrected (default) or reference") @QueryParam("mode") String mode) {
        return reports.report(partner, mode, Viewer.of(identity));
    }

    /** The page's language; 400 for anything but en and ar. */
    static Lang lang(String lang) {
        if (lang == null || lang.isBlank()) {
            return Lang.EN;
        }
        try {
            return Lang.of(lang);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("lang", "must be en or ar, not '" + lang + "'")));
        }
    }

    private static String date(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC).format(DATE);
        }
        try {
            return LocalDate.parse(date, DATE).format(DATE);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("date", "must be dd.MM.yyyy, not '" + date + "'")));
        }
    }
}
