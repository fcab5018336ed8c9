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
        String password = r.out().replaceAll("(?s).*; password: (\\S+)\n.*", "$1");
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT role, household_id, password_hash FROM app_user WHERE login = 'paul'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("HOUSEHOLD");
            assertThat(rs.getString(2)).isEqualTo("maison-1");
            assertThat(rs.getString(3)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(new PasswordHasher().verify(password.toCharArray(), rs.getString(3))).isTrue();
        }
        Map<String, String> last = OnboardingCliTest.lastLine(r);
        assertThat(last).containsEntry("login", "paul").containsEntry("role", "household").containsEntry("household", "maison-1")
                .containsEntry("password", password);
        assertThat(last.get("id")).matches("\\d+");
        CliTest.Result again = CliTest.run(env, "user", "add", "PAUL", "--role", "operator");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("the login 'PAUL' is taken");
        assertThat(again.out()).isEmpty();
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

    /** {@code --household} alone makes that household's account; the password comes from standard input or is printed. */
    @Test
    void householdAloneMakesAHouseholdAccountUnderTheCommandContract() throws Exception {
        CliTest.Result r = CliTest.run(env, "user", "add", "marie", "--household", "maison-1", "--locale", "en");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> last = OnboardingCliTest.lastLine(r);
        assertThat(last).containsEntry("login", "marie").containsEntry("role", "household").containsEntry("household", "maison-1");
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT id, role, household_id, password_hash FROM app_user WHERE login = 'marie'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(last.get("id"));
            assertThat(rs.getString(2)).isEqualTo("HOUSEHOLD");
            assertThat(new PasswordHasher().verify(last.get("password").toCharArray(), rs.getString(4))).isTrue();
        }
        CliTest.Result pw = CliTest.run(env, "user", "passwd", "marie");
        assertThat(pw.code()).as(pw.err()).isZero();
        assertThat(OnboardingCliTest.lastLine(pw)).containsEntry("id", last.get("id")).containsEntry("login", "marie");
    }

    /** Bad input exits 2 with the reason, and no account is made (one transaction). */
    @Test
    void refusesAnUnknownHouseholdAndABadRoleAndWritesNothing() throws Exception {
        long before = accounts();
        CliTest.Result noHousehold = CliTest.run(env, "user", "add", "zoe", "--role", "household", "--household", "nowhere");
        assertThat(noHousehold.code()).isEqualTo(2);
        assertThat(noHousehold.err()).contains("no household 'nowhere' (create it first: ecofoyer household add --name NAME)");
        CliTest.Result badRole = CliTest.run(env, "user", "add", "zoe", "--role", "king");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'king'");
        CliTest.Result missing = CliTest.run(env, "user", "add", "zoe", "--role", "household");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("needs --household ID");
        CliTest.Result noRole = CliTest.run(env, "user", "add", "zoe");
        assertThat(noRole.code()).isEqualTo(2);
        assertThat(noRole.err()).contains("--role: expected household, advisor, installer or operator");
        CliTest.Result installerWithHome = CliTest.run(env, "user", "add", "zoe", "--role", "installer", "--household", "maison-1");
        assertThat(installerWithHome.code()).isEqualTo(2);
        assertThat(installerWithHome.err()).contains("only household accounts belong to a household");
        for (CliTest.Result r : new CliTest.Result[] {noHousehold, badRole, missing, noRole, installerWithHome}) {
            assertThat(r.out()).isEmpty();
        }
        assertThat(accounts()).isEqualTo(before);
    }

    static long accounts() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM app_user")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void invitePrintsALinkOnThePublicAddress() {
        CliTest.Result r = CliTest.run(env, "user", "invite", "--role", "advisor");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)https://eco\\.example\\.org/invite\\?token=[A-Za-z0-9_-]{43}\n\\(valid 7 days, once\\)\n");
    }
}
