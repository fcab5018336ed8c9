package org.ecofoyer.dashboard.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.Fixtures;
import org.ecofoyer.dashboard.TestServer;
import org.ecofoyer.dashboard.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two grants of one household to one advisor at the same instant (two tabs, a double click): the second waits for the
 * first, sees it, and replaces it, so there is never more than one live consent a pair. Without the lock both
 * transactions see no live consent and both insert one (the test then fails waiting for the second to block).
 */
class ConsentRaceTest {
    TestServer server;
    String code;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        try (Connection c = server.db.dataSource().getConnection()) {
            var u = server.dashboard.accounts().add(c, "rachel", TestServer.PASSWORD, Role.ADVISOR, null, null, "en");
            code = Consents.advisorCode(c, u.id()).orElseThrow();
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void twoGrantsAtOnceLeaveOneLiveConsent() throws Exception {
        Instant now = Fixtures.CLOCK.instant();
        Consent.ConsentTerms day = new Consent.ConsentTerms(EnumSet.of(Fluid.ELECTRICITY), ConsentGranularity.DAY, false,
                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-01"));
        Consent.ConsentTerms month = new Consent.ConsentTerms(EnumSet.of(Fluid.ELECTRICITY, Fluid.GAS), ConsentGranularity.MONTH, false,
                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-01"));
        Instant end = now.plus(Duration.ofDays(30));
        try (Connection first = server.db.dataSource().getConnection(); Connection second = server.db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            int secondPid = pid(second);
            Consent a = Consents.grant(first, "H1", "alice", code, day, end, now);
            CompletableFuture<Consent> b = CompletableFuture.supplyAsync(() -> {
                try {
                    return Consents.grant(second, "H1", "alice", code, month, end, now);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The second grant is in flight and waiting on the first's lock, not done beside it.
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnLock(secondPid));
            assertThat(b).isNotDone();
            first.commit();
            Consent winner = b.get();
            second.commit();
            assertThat(winner.id()).isNotEqualTo(a.id());
        }
        assertThat(server.count("SELECT count(*) FROM consent WHERE household_id = 'H1' AND revoked_at IS NULL")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM consent WHERE household_id = 'H1' AND revoked_at IS NULL AND granularity = 'month'"))
                .as("the later grant is the one that holds").isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM consent_event WHERE household_id = 'H1' AND action = 'replaced'")).isEqualTo(1);
    }

    private static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean waitingOnLock(int pid) throws Exception {
        return server.count("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'", pid) == 1;
    }
}
