package io.nhp.report;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * report-service's packages by role: {@code api} and {@code messaging} at the edges, then {@code pages} (what people
 * read), {@code views} (what the topics fed in) and {@code render} (SVG, Arabic, the fixed texts), each using only
 * those below it.
 */
@AnalyzeClasses(packages = "io.nhp.report", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageUsesOneThatUsesItBack =
            slices().matching("io.nhp.report.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("io.nhp.report.api..")
            .layer("messaging").definedBy("io.nhp.report.messaging..")
            .layer("security").definedBy("io.nhp.report.security..")
            .layer("pages").definedBy("io.nhp.report.pages..")
            .layer("views").definedBy("io.nhp.report.views..")
            .layer("render").definedBy("io.nhp.report.render..")
            .layer("config").definedBy("io.nhp.report.config..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("messaging").mayNotBeAccessedByAnyLayer()
            .whereLayer("messaging").mayOnlyAccessLayers("views")
            .whereLayer("security").mayOnlyAccessLayers("config")
            .whereLayer("pages").mayOnlyAccessLayers("views", "render")
            .whereLayer("views").mayOnlyAccessLayers("render")
            .whereLayer("render").mayNotAccessAnyLayer()
            .whereLayer("config").mayNotAccessAnyLayer();
}
