package io.nhp.jobs;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * job-broker's packages by role: {@code openai} (the OpenAI-compatible API) over {@code api} (partners' and phones'
 * resources) over {@code security}, then {@code broker} (the running book and its Kafka transactions) over
 * {@code checks} (spot checks, canaries) over {@code cloud} (the model run in process), and {@code domain} (the state
 * machine) under all; none of them uses one that uses it back.
 */
@AnalyzeClasses(packages = "io.nhp.jobs", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    @ArchTest
    static final ArchRule noPackageUsesOneThatUsesItBack =
            slices().matching("io.nhp.jobs.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("openai").definedBy("io.nhp.jobs.openai..")
            .layer("api").definedBy("io.nhp.jobs.api..")
            .layer("security").definedBy("io.nhp.jobs.security..")
            .layer("broker").definedBy("io.nhp.jobs.broker..")
            .layer("checks").definedBy("io.nhp.jobs.checks..")
            .layer("cloud").definedBy("io.nhp.jobs.cloud..")
            .layer("config").definedBy("io.nhp.jobs.config..")
            .layer("domain").definedBy("io.nhp.jobs.domain..")
            .whereLayer("openai").mayNotBeAccessedByAnyLayer()
            .whereLayer("api").mayOnlyAccessLayers("security", "broker", "config", "domain")
            .whereLayer("security").mayOnlyAccessLayers("broker", "config")
            .whereLayer("broker").mayOnlyAccessLayers("checks", "config", "domain")
            .whereLayer("checks").mayOnlyAccessLayers("cloud", "config", "domain")
            .whereLayer("cloud").mayOnlyAccessLayers("config")
            .whereLayer("config").mayOnlyAccessLayers("domain")
            .whereLayer("domain").mayNotAccessAnyLayer();
}
