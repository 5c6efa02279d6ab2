package io.perpguard.layering;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module layering of docs/DESIGN.md, checked on every module's main classes: core depends on nothing outside
 * the JDK and itself; data and stats only on core; live (exchange connections, alert delivery) and app on no front
 * end; data runs no engine of core (it reads and writes; app runs the engines); no front end (cli, server, stream) on another; bench only on core and app. Modules are told apart by package root ({@code io.perpguard.data..} is
 * data, ...; core is every other {@code io.perpguard} package).
 */
class LayeringTest {
    static final String DATA = "io.perpguard.data..", STATS = "io.perpguard.stats..", APP = "io.perpguard.app..",
            CLI = "io.perpguard.cli..", SERVER = "io.perpguard.server..", STREAM = "io.perpguard.stream..",
            BENCH = "io.perpguard.bench..", LIVE = "io.perpguard.live..";
    static final String[] NOT_CORE = {DATA, STATS, APP, LIVE, CLI, SERVER, STREAM, BENCH, "io.perpguard.layering.."};

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.perpguard");
        // every module is on this module's test class path: a rule over an empty set would pass vacuously
        for (String root : new String[]{"io.perpguard.margin", "io.perpguard.data", "io.perpguard.stats", "io.perpguard.app",
                "io.perpguard.live", "io.perpguard.cli", "io.perpguard.server", "io.perpguard.stream", "io.perpguard.bench"}) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(root))).as("classes of " + root + " imported").isTrue();
        }
    }

    @Test
    void core_dependsOnNothingButTheJdk() {
        check(noClasses().that().resideInAPackage("io.perpguard..").and().resideOutsideOfPackages(NOT_CORE)
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.perpguard..")
                .orShould().dependOnClassesThat().resideInAnyPackage(NOT_CORE));
    }

    @Test
    void dataAndStats_dependOnlyOnCore() {
        check(noClasses().that().resideInAnyPackage(DATA, STATS).should().dependOnClassesThat().resideInAnyPackage(APP, LIVE, CLI, SERVER, STREAM, BENCH));
        check(noClasses().that().resideInAPackage(DATA).should().dependOnClassesThat().resideInAPackage(STATS));
        check(noClasses().that().resideInAPackage(STATS).should().dependOnClassesThat().resideInAPackage(DATA));
    }

    /** Core's engines: what turns inputs into risk figures. Adapters read and write; the use cases in app run these. */
    static final String[] ENGINES = {"io.perpguard.margin.MarginCalculator", "io.perpguard.margin.LiquidationPrice",
            "io.perpguard.margin.LeverageLadder", "io.perpguard.sizing.Kelly", "io.perpguard.sizing.RiskBasedSizer",
            "io.perpguard.stops.StopPlanner", "io.perpguard.checklist.PreTradeCheck", "io.perpguard.orders.BarReplay",
            "io.perpguard.sim.MonteCarlo", "io.perpguard.sim.RiskOfRuin", "io.perpguard.funding.FundingCarry",
            "io.perpguard.funding.FundingDrift", "io.perpguard.portfolio.PortfolioRisk", "io.perpguard.portfolio.StressTest",
            "io.perpguard.portfolio.MarketShock", "io.perpguard.portfolio.SubAccounts", "io.perpguard.portfolio.Hedge",
            "io.perpguard.cascade.CascadeSimulator", "io.perpguard.cascade.EventModel", "io.perpguard.cascade.EventCascade",
            "io.perpguard.cascade.AnalyticCascade", "io.perpguard.cascade.BehaviourFit", "io.perpguard.cascade.LiquidationMap",
            "io.perpguard.cascade.OpenInterestRegime", "io.perpguard.alerts.MarginAlertRules"};

    @Test
    void data_runsNoEngine() {
        check(noClasses().that().resideInAPackage(DATA).should().dependOnClassesThat(DescribedPredicate.describe("are engines of core",
                        c -> List.of(ENGINES).contains(c.getName())))
                .orShould().dependOnClassesThat().resideInAPackage("io.perpguard.margin.fast.."));
        for (String e : ENGINES) {
            assertThat(classes.contain(e)).as(e + " exists (a renamed engine would leave this rule blind)").isTrue();
        }
    }

    @Test
    void appAndLive_dependOnNoFrontEnd() {
        check(noClasses().that().resideInAnyPackage(APP, LIVE).should().dependOnClassesThat().resideInAnyPackage(CLI, SERVER, STREAM, BENCH));
    }

    @Test
    void noFrontEnd_dependsOnAnother() {
        check(noClasses().that().resideInAPackage(CLI).should().dependOnClassesThat().resideInAnyPackage(SERVER, STREAM, BENCH));
        check(noClasses().that().resideInAPackage(SERVER).should().dependOnClassesThat().resideInAnyPackage(CLI, STREAM, BENCH));
        check(noClasses().that().resideInAPackage(STREAM).should().dependOnClassesThat().resideInAnyPackage(CLI, SERVER, BENCH));
    }

    @Test
    void bench_dependsOnlyOnCoreAndApp() {
        check(noClasses().that().resideInAPackage(BENCH).should().dependOnClassesThat().resideInAnyPackage(DATA, STATS, LIVE, CLI, SERVER, STREAM));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
