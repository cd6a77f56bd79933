package cqrs.workbook.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

// tag::rules[]
/** The package rules of the workbook, checked on the compiled main classes. */
@AnalyzeClasses(packages = "cqrs.workbook", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The deciders, their events and value objects are plain Java: no AWS, no JSON, no Lambda. */
    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses()
            .that().resideInAnyPackage("cqrs.workbook.kernel", "cqrs.workbook.otp",
                    "cqrs.workbook.org")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon..", "com.amazonaws..", "com.fasterxml..",
                    "cqrs.workbook.log..")
            .because("the domain is pure: I/O, JSON and logging belong to the adapters");

    /** The entry point and its wiring import everything; nothing imports them. */
    @ArchTest
    static final ArchRule nothingImportsTheEntryPoint = noClasses()
            .that().resideOutsideOfPackage("cqrs.workbook.lambda..")
            .should().dependOnClassesThat().resideInAPackage("cqrs.workbook.lambda..");

    /** Logging is a leaf: every package may log, so it may import none of them. */
    @ArchTest
    static final ArchRule logImportsNothingOfTheProject = noClasses()
            .that().resideInAPackage("cqrs.workbook.log..")
            .should().dependOnClassesThat(resideInAPackage("cqrs.workbook..")
                    .and(not(resideInAPackage("cqrs.workbook.log.."))));

    /** Each package, sub-packages included, is a slice, and no two slices depend on each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("cqrs.workbook.(**)").should()
            .beFreeOfCycles();
}
// end::rules[]
