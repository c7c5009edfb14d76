package io.cairn;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.cairn.controller.scheduledbackup.SchedulePreview;

/**
 * The dependency rules of the product code (docs/architecture.md): the operator and the instance manager meet only
 * in {@code io.cairn.instance.api}, the API types depend on no implementation, and no two top-level packages depend
 * on each other, and the CNPG-I client ({@code io.cairn.plugin}) stands alone for both sides.
 */
@AnalyzeClasses(packages = "io.cairn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String INSTANCE = "io.cairn.instance..";
    private static final String INSTANCE_API = "io.cairn.instance.api..";
    private static final String PLUGIN = "io.cairn.plugin..";

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles =
            slices().matching("io.cairn.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Cli")
            .definedBy("io.cairn.cli..")
            .layer("Controller")
            .definedBy("io.cairn.controller..")
            .layer("Scheduling")
            .definedBy("io.cairn.scheduling..")
            .layer("Backup")
            .definedBy("io.cairn.backup..")
            .layer("Operator helpers")
            .definedBy("io.cairn.config..", "io.cairn.event..", "io.cairn.support..")
            .layer("Instance manager")
            .definedBy(resideInAPackage(INSTANCE).and(resideOutsideOfPackage(INSTANCE_API)))
            .layer("Instance contract")
            .definedBy(INSTANCE_API)
            .layer("API")
            .definedBy("io.cairn.api..")
            .layer("Plugin client")
            .definedBy(PLUGIN)
            .whereLayer("Cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Controller")
            .mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Scheduling")
            .mayOnlyBeAccessedByLayers("Controller")
            .whereLayer("Backup")
            .mayOnlyBeAccessedByLayers("Controller")
            .whereLayer("Operator helpers")
            .mayOnlyBeAccessedByLayers("Cli", "Controller", "Backup")
            .whereLayer("Instance manager")
            .mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Instance contract")
            .mayOnlyBeAccessedByLayers("Cli", "Controller", "Backup", "Instance manager")
            .whereLayer("Plugin client")
            .mayOnlyBeAccessedByLayers("Cli", "Controller", "Backup", "Instance manager");

    @ArchTest
    static final ArchRule theInstanceImportsNothingOfTheOperator = noClasses()
            .that()
            .resideInAPackage(INSTANCE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.cairn.controller..",
                    "io.cairn.backup..",
                    "io.cairn.scheduling..",
                    "io.cairn.config..",
                    "io.cairn.event..",
                    "io.cairn.support..",
                    "io.cairn.cli..");

    @ArchTest
    static final ArchRule theOperatorReachesTheInstanceOnlyThroughItsContract = noClasses()
            .that()
            .resideInAnyPackage("io.cairn.controller..", "io.cairn.backup..", "io.cairn.scheduling..")
            .should()
            .dependOnClassesThat(resideInAPackage(INSTANCE).and(resideOutsideOfPackage(INSTANCE_API)))
            .because("the operator and the instance manager share only io.cairn.instance.api");

    @ArchTest
    static final ArchRule theInstanceContractStandsAlone = classes()
            .that()
            .resideInAPackage(INSTANCE_API)
            .should()
            .onlyDependOnClassesThat(
                    resideOutsideOfPackage("io.cairn..").or(resideInAnyPackage(INSTANCE_API, "io.cairn.api..")));

    @ArchTest
    static final ArchRule theCnpgIClientStandsAlone = classes()
            .that()
            .resideInAPackage(PLUGIN)
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("io.cairn..").or(resideInAPackage(PLUGIN)))
            .because("the operator and the instance manager both call plugins through it");

    @ArchTest
    static final ArchRule theApiImportsNothingOfTheImplementation = classes()
            .that()
            .resideInAPackage("io.cairn.api..")
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("io.cairn..").or(resideInAPackage("io.cairn.api..")));

    @ArchTest
    static final ArchRule theKubectlPluginTalksOnlyToTheApiServer = classes()
            .that()
            .resideInAPackage("io.cairn.cli.kubectl..")
            .should()
            .onlyDependOnClassesThat(
                    resideOutsideOfPackages("io.cairn..", "io.quarkus..", "jakarta.inject..", "jakarta.enterprise..")
                            .or(resideInAnyPackage("io.cairn.cli.kubectl..", "io.cairn.api.."))
                            .or(equivalentTo(SchedulePreview.class)))
            .because("kubectl cairn boots no Quarkus, and of the operator it uses only the pure schedule preview");
}
