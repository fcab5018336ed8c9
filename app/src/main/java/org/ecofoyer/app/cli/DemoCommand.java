package org.ecofoyer.app.cli;

import java.util.concurrent.Callable;
import org.ecofoyer.app.EcofoyerServer;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.tools.demo.DemoAccount;
import org.ecofoyer.tools.demo.DemoHousehold;
import org.ecofoyer.tools.demo.DemoUtilities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer demo}: the whole product on a laptop, on the embedded database, with a live demo household. */
@Command(name = "demo", description = "Run Ecofoyer on the embedded database with a live demo household.")
public class DemoCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @Option(names = "--port", description = "HTTP port (default: 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        EcofoyerConfig cfg = parent.config();
        if (port != null) {
            cfg = cfg.withHttp(cfg.http().withPort(port));
        }
        // Gas and water come from a local fake GRDF / Eau du Grand Lyon, through the real clients and sync.
        try (DemoUtilities utilities = DemoUtilities.start()) {
            cfg = cfg.withUtility(utilities.config(cfg.utility()));
            EcofoyerConfig served = cfg;
            return ServeCommand.runUntilStopped(cfg, "Ecofoyer demo", server -> {
                demoAccount(server);
                demoInstaller(server, served);
                DemoUtilities.ensureMeters(server.database().dataSource());
            });
        }
    }

    /** The installer's and operator's accounts and the demo household's registered gateway, with their passwords. */
    private static void demoInstaller(EcofoyerServer server, EcofoyerConfig cfg) throws java.sql.SQLException {
        var s = org.ecofoyer.storage.Jdbc.transaction(server.database().dataSource(),
                c -> org.ecofoyer.tools.demo.DemoInstaller.ensure(c, new Accounts(new PasswordHasher()), Stores.onboarding(cfg)));
        System.out.printf("Demo installer: login '%s', password '%s'%n", org.ecofoyer.tools.demo.DemoInstaller.INSTALLER, s.installerPassword());
        System.out.printf("Demo operator: login '%s', password '%s'%n", org.ecofoyer.tools.demo.DemoInstaller.OPERATOR, s.operatorPassword());
        var g = s.gateway().gateway();
        System.out.printf("Demo gateway: id=%s username=%s password=%s topic=%s (the demo household's Linky %s, %s)%n",
                g.id(), g.username(), s.gateway().password(), g.topic(), g.meter(), g.firmware().wireName());
    }

    /** The demo household's account, with a new password printed at every start; the simulated meter. */
    private void demoAccount(EcofoyerServer server) throws java.sql.SQLException {
        try (java.sql.Connection c = server.database().dataSource().getConnection()) {
            String password = DemoAccount.ensure(c, new Accounts(new PasswordHasher()));
            long n = DemoHousehold.fill(c, server.ingest().writer(), java.time.Instant.now());
            System.out.printf("Demo household '%s': %d electricity readings added (rollups follow)%n",
                    DemoAccount.HOUSEHOLD, n);
            System.out.printf("Demo sign-in: login '%s', password '%s'%n", DemoAccount.LOGIN, password);
            // An energy advisor with the demo household's consent, and five similar homes for the cohort card.
            var advisor = org.ecofoyer.tools.demo.DemoAdvisor.ensure(c, new Accounts(new PasswordHasher()), server.ingest().writer(),
                    java.time.Instant.now());
            System.out.printf("Demo advisor: login '%s', password '%s', advisor code %s (degree-days: generated climate normal '%s')%n",
                    advisor.login(), advisor.password(), advisor.code(), org.ecofoyer.tools.demo.DemoClimate.ZONE);
        }
        // Alerts, a challenge under way, ecogestures (#16), once the rollups they read exist: tried every 10 s until then.
        javax.sql.DataSource ds = server.database().dataSource();
        server.vertx().setPeriodic(2_000, 10_000, id -> server.vertx().executeBlocking(() -> {
            try (java.sql.Connection c = ds.getConnection()) {
                return org.ecofoyer.tools.demo.DemoEngagement.ensure(c, java.time.Clock.systemUTC());
            }
        }).onSuccess(done -> {
            if (done) {
                server.vertx().cancelTimer(id);
                System.out.println("Demo engagement: a challenge under way, a budget, alerts evaluated");
                // The demo's history is rolled up only now: the operator's missing-price check (start-up, then daily)
                // ran before it, so it is run once more here and logs what the demo lacks.
                server.vertx().executeBlocking(() -> server.missingPrices().check())
                        .onFailure(e -> System.out.println("Demo missing-price check failed: " + e));
            }
        }).onFailure(e -> System.out.println("Demo engagement not ready yet: " + e)));
        // the household's Linky, live through the real decoder and ingest pipeline, continuing its history
        org.ecofoyer.tools.demo.DemoMeter.start(server.database().dataSource(), server.ingest());
    }
}
