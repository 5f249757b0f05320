package io.nhp.economics;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * economics-service's packages by role: {@code api} on top, then {@code streams} (the topologies, built from the
 * configuration) over {@code domain} (records and pure logic); {@code config} only says what is configured.
 */
@AnalyzeClasses(packages = "io.nhp.economics", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageUsesOneThatUsesItBack =
            slices().matching("io.nhp.economics.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("io.nhp.economics.api..")
            .layer("security").definedBy("io.nhp.economics.security..")
            .layer("streams").definedBy("io.nhp.economics.streams..")
            .layer("domain").definedBy("io.nhp.economics.domain..")
            .layer("config").definedBy("io.nhp.economics.config..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("security").mayOnlyAccessLayers("config")
            .whereLayer("streams").mayOnlyAccessLayers("domain", "config")
            .whereLayer("domain").mayNotAccessAnyLayer()
            .whereLayer("config").mayNotAccessAnyLayer();
}
