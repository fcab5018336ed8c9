package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ecofoyer user ...} against a real PostgreSQL (the shared test server, as an external store). */
class UserCliTest {
    static String url;
    static Map<String, String> env;

    @BeforeAll
    static void database() throws Exception {
        url = TestDatabases.newEmptyDatabaseUrl();
        env = Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres",
                "ECOFOYER_DASHBOARD_PUBLIC_URL", "https://eco.example.org/");
        assertThat(CliTest.run(env, "db", "migrate").code()).isZero();
        try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
            c.createStatement().execute("INSERT INTO household (id) VALUES ('maison-1')");
        }
    }

    @Test
    void addCreatesAHouseholdAccountWithAPrintedPasswordThatVerifies() throws Exception {
        CliTest.Result r = CliTest.run(env, "user", "add", "paul", "--role", "household", "--household", "maison-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("account 'paul' (household, household maison-1) created; password: ");
        String password = r.out().substring(r.out().indexOf("password: ") + 10).trim();
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT role, household_id, password_hash FROM app_user WHERE login = 'paul'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("HOUSEHOLD");
            assertThat(rs.getString(2)).isEqualTo("maison-1");
            assertThat(rs.getString(3)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(new PasswordHasher().verify(password.toCharArray(), rs.getString(3))).isTrue();
        }
        CliTest.Result again = CliTest.run(env, "user", "add", "PAUL", "--role", "operator");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("the login 'PAUL' is taken");
    }

    /** An advisor is created with the code households find it by (issue #15); other roles have none. */
    @Test
    void anAdvisorGetsTheCodeHouseholdsGrantAccessWith() throws Exception {
        CliTest.Result r = CliTest.run(env, "user", "add", "amelie", "--role", "advisor");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("advisor code: [A-HJ-NP-Z2-9]{10} ");
        String code = r.out().replaceAll("(?s).*advisor code: ([A-Z0-9]{10}).*", "$1");
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT advisor_code FROM app_user WHERE login = 'amelie'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(code);
        }
        assertThat(CliTest.run(env, "user", "add", "otto", "--role", "operator").out()).doesNotContain("advisor code");
    }

    @Test
    void refusesAnUnknownHouseholdAndABadRole() {
        CliTest.Result noHousehold = CliTest.run(env, "user", "add", "zoe", "--role", "household", "--household", "nowhere");
        assertThat(noHousehold.code()).isEqualTo(1);
        assertThat(noHousehold.err()).contains("no household 'nowhere'");
        CliTest.Result badRole = CliTest.run(env, "user", "add", "zoe", "--role", "king");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'king'");
        CliTest.Result missing = CliTest.run(env, "user", "add", "zoe", "--role", "household");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("needs --household ID");
    }

    @Test
    void invitePrintsALinkOnThePublicAddress() {
        CliTest.Result r = CliTest.run(env, "user", "invite", "--role", "advisor");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)https://eco\\.example\\.org/invite\\?token=[A-Za-z0-9_-]{43}\n\\(valid 7 days, once\\)\n");
    }
}
