package io.nhp.registry;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * device-registry's packages by role: {@code api} on top, then {@code ingest} (heartbeats in) and {@code devices}
 * (registration, credentials), then {@code streams} (the device topology) over {@code domain} (the rules); none of
 * them uses the {@code api}.
 */
@AnalyzeClasses(packages = "io.nhp.registry", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageUsesOneThatUsesItBack =
            slices().matching("io.nhp.registry.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("io.nhp.registry.api..")
            .layer("ingest").definedBy("io.nhp.registry.ingest..")
            .layer("devices").definedBy("io.nhp.registry.devices..")
            .layer("security").definedBy("io.nhp.registry.security..")
            .layer("streams").definedBy("io.nhp.registry.streams..")
            .layer("domain").definedBy("io.nhp.registry.domain..")
            .layer("config").definedBy("io.nhp.registry.config..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("ingest").mayOnlyAccessLayers("config")
            .whereLayer("devices").mayOnlyAccessLayers("streams", "config")
            .whereLayer("security").mayOnlyAccessLayers("config")
            .whereLayer("streams").mayOnlyAccessLayers("domain", "config")
            .whereLayer("domain").mayNotAccessAnyLayer()
            .whereLayer("config").mayNotAccessAnyLayer();
}
