package org.ecofoyer.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module and package rules of docs/architecture.md, checked on the compiled production classes of every module
 * (this test lives in {@code app}, the one module whose class path holds them all; test classes are left out).
 *
 * <p>A module is known by its packages: {@code org.ecofoyer.<module>} and its Java migrations
 * {@code db.migration.<module>}; the three tool modules share {@code org.ecofoyer.tools}. The graph is the poms'
 * (compile scope); the rules also see what a pom cannot: a class reaching into a module the pom allows but the
 * design does not (the sub-packages of ingest and aggregation), or a pure package importing JDBC or Vert.x.
 */
@AnalyzeClasses(packages = {"org.ecofoyer", "db.migration"},
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
    private static final String[] JDBC = {"java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer.."};
    private static final String[] JDBC_OR_VERTX = {"java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..",
        "io.vertx.."};

    /** Test-jars (storage's {@code TestDatabases}) are test code too, though not in a test-classes folder. */
    public static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    /**
     * core ← meter-drivers, storage ← gateway-firmware-config, ingest, aggregation ← dashboard ← app; the tools only
     * for app. meter-drivers and storage do not know each other. Ingest knows nothing of aggregation, and aggregation
     * of ingest only its query side ({@code ingest.query}: the raw readings it rolls up, which ingest owns), which
     * stands on core, the drivers and storage alone.
     */
    @ArchTest
    static final ArchRule modulesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("core").definedBy("org.ecofoyer.core..")
            .layer("meter-drivers").definedBy("org.ecofoyer.drivers..")
            .layer("storage").definedBy("org.ecofoyer.storage..", "db.migration.storage..")
            .layer("gateway-firmware-config").definedBy("org.ecofoyer.gateway..", "db.migration.gateway..")
            .layer("ingest query").definedBy("org.ecofoyer.ingest.query..")
            .layer("ingest").definedBy(resideInAnyPackage("org.ecofoyer.ingest..", "db.migration.ingest..")
                    .and(not(resideInAPackage("org.ecofoyer.ingest.query.."))))
            .layer("aggregation").definedBy("org.ecofoyer.aggregation..", "db.migration.aggregation..")
            .layer("dashboard").definedBy("org.ecofoyer.dashboard..", "db.migration.dashboard..")
            .layer("app").definedBy("org.ecofoyer.app..")
            .layer("tools").definedBy("org.ecofoyer.tools..")
            .whereLayer("core").mayNotAccessAnyLayer()
            .whereLayer("meter-drivers").mayOnlyAccessLayers("core")
            .whereLayer("storage").mayOnlyAccessLayers("core")
            .whereLayer("gateway-firmware-config").mayOnlyAccessLayers("core", "meter-drivers", "storage")
            .whereLayer("ingest query").mayOnlyAccessLayers("core", "meter-drivers", "storage")
            .whereLayer("ingest").mayOnlyAccessLayers("core", "meter-drivers", "storage", "gateway-firmware-config",
                    "ingest query")
            .whereLayer("aggregation").mayOnlyAccessLayers("core", "meter-drivers", "storage", "ingest query")
            .whereLayer("dashboard").mayOnlyAccessLayers("core", "meter-drivers", "storage", "gateway-firmware-config",
                    "ingest query", "ingest", "aggregation")
            .whereLayer("tools").mayOnlyAccessLayers("core", "meter-drivers", "storage", "gateway-firmware-config",
                    "ingest query", "ingest", "aggregation", "dashboard")
            .whereLayer("tools").mayOnlyBeAccessedByLayers("app");

    /** The tool modules stand on each other in one order: fake utilities on nothing, simulators on the drivers. */
    @ArchTest
    static final ArchRule toolModulesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("tools-fake-utilities").definedBy("org.ecofoyer.tools.fake..")
            .layer("tools-simulators").definedBy("org.ecofoyer.tools.sim..")
            .layer("tools").definedBy("org.ecofoyer.tools.demo..", "org.ecofoyer.tools.load..")
            .layer("product").definedBy("org.ecofoyer.core..", "org.ecofoyer.drivers..", "org.ecofoyer.storage..",
                    "org.ecofoyer.gateway..", "org.ecofoyer.ingest..", "org.ecofoyer.aggregation..", "org.ecofoyer.dashboard..")
            .whereLayer("tools-fake-utilities").mayNotAccessAnyLayer()
            .whereLayer("tools-simulators").mayOnlyAccessLayers("product")
            .whereLayer("tools").mayOnlyAccessLayers("product", "tools-simulators", "tools-fake-utilities");

    /** Pure maths, protocol parsing and the core model: no database, no Vert.x (DESIGN §11.1, §10). */
    @ArchTest
    static final ArchRule pureMathsImportNoJdbcNorVertx = noClasses()
            .that().resideInAnyPackage("org.ecofoyer.aggregation.maths..", "org.ecofoyer.drivers.tic..", "org.ecofoyer.core..")
            .should().dependOnClassesThat().resideInAnyPackage(JDBC_OR_VERTX)
            .because("the maths, the TIC protocol and the core model are pure: tested without a database or an event loop");

    /**
     * A migration runs on databases of every later version and must do then what it did when it was released: Java
     * migrations carry their own frozen SQL (docs/architecture.md, "Upgrades"), nothing of the application, whose
     * code and data files change.
     */
    @ArchTest
    static final ArchRule javaMigrationsDependOnNothingOfTheApplication = noClasses()
            .that().resideInAPackage("db.migration..")
            .should().dependOnClassesThat().resideInAPackage("org.ecofoyer..")
            .because("a migration is frozen at its release; application code changes after it");

    /** ... and on nothing else but the JDK, Flyway and JDBC (a library's upgrade must not change a migration either). */
    @ArchTest
    static final ArchRule javaMigrationsUseOnlyJdkFlywayAndJdbc = classes()
            .that().resideInAPackage("db.migration..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "org.flywaydb.core.api..",
                    "org.postgresql..", "db.migration..")
            .because("a migration is frozen at its release: only the JDK, Flyway's migration API and JDBC");

    /** Ingest's pipeline (validation, downsampling, live bus) hands readings to the writer and never touches JDBC. */
    @ArchTest
    static final ArchRule ingestPipelineTouchesNoJdbc = noClasses()
            .that().resideInAPackage("org.ecofoyer.ingest.pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage(JDBC)
            .because("the writer is the single way readings reach the database");

    /** Within ingest and aggregation, SQL lives in the packages of the store role only. */
    @ArchTest
    static final ArchRule onlyStorePackagesUseJdbc = noClasses()
            .that().resideInAnyPackage("org.ecofoyer.ingest..", "org.ecofoyer.aggregation..")
            .and().resideOutsideOfPackages("org.ecofoyer.ingest.writer..", "org.ecofoyer.ingest.sync..",
                    "org.ecofoyer.ingest.query..", "org.ecofoyer.aggregation.store..", "org.ecofoyer.aggregation.query..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..")
            .because("SQL has one place per module role: ingest's writer, sync and query, aggregation's store and query");

    /**
     * Ingest's packages by role, one way: sources feed the pipeline, the pipeline feeds the writer, the sync writes
     * through the writer; the writer knows none of them, but reads through the query side where both meet: its
     * compactor and retention encode and merge compacted blocks with the readers' own codec ({@code query.BlockCodec},
     * {@code query.ColumnsMerge}, #17), so that blocks are written and read by one definition. The module's entry
     * points (IngestService, its config and metrics, in {@code org.ecofoyer.ingest}) may use every role.
     */
    @ArchTest
    static final ArchRule ingestRolesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("entry points").definedBy("org.ecofoyer.ingest")
            .layer("source").definedBy("org.ecofoyer.ingest.source..")
            .layer("pipeline").definedBy("org.ecofoyer.ingest.pipeline..")
            .layer("writer").definedBy("org.ecofoyer.ingest.writer..")
            .layer("sync").definedBy("org.ecofoyer.ingest.sync..")
            .layer("query").definedBy("org.ecofoyer.ingest.query..")
            .whereLayer("source").mayOnlyAccessLayers("entry points", "pipeline", "writer")
            .whereLayer("pipeline").mayOnlyAccessLayers("entry points", "writer")
            .whereLayer("writer").mayOnlyAccessLayers("entry points", "query")
            .whereLayer("sync").mayOnlyAccessLayers("entry points", "writer")
            .whereLayer("query").mayOnlyAccessLayers("entry points");

    /** Aggregation's packages by role: the maths stand alone; the store and the queries use the maths, not each other. */
    @ArchTest
    static final ArchRule aggregationRolesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("org.ecofoyer.aggregation")
            .layer("maths").definedBy("org.ecofoyer.aggregation.maths..")
            .layer("store").definedBy("org.ecofoyer.aggregation.store..", "db.migration.aggregation..")
            .layer("query").definedBy("org.ecofoyer.aggregation.query..")
            .whereLayer("maths").mayNotAccessAnyLayer()
            .whereLayer("config").mayOnlyAccessLayers("maths")
            .whereLayer("store").mayOnlyAccessLayers("config", "maths")
            .whereLayer("query").mayOnlyAccessLayers("maths");
}
