package io.nhp.pricing;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * pricing-service's packages by role: {@code api} over {@code catalog} (seed data and the compacted topics, the single
 * writer) over {@code domain} (the change and profile rules), {@code security} beside; none uses the {@code api}.
 */
@AnalyzeClasses(packages = "io.nhp.pricing", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageUsesOneThatUsesItBack =
            slices().matching("io.nhp.pricing.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("io.nhp.pricing.api..")
            .layer("catalog").definedBy("io.nhp.pricing.catalog..")
            .layer("security").definedBy("io.nhp.pricing.security..")
            .layer("domain").definedBy("io.nhp.pricing.domain..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("catalog").mayOnlyAccessLayers("domain")
            .whereLayer("security").mayNotAccessAnyLayer()
            .whereLayer("domain").mayNotAccessAnyLayer();
}
