package org.ecofoyer.drivers.utility.teleo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.FakeServerFixture;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.UtilityException.Kind;
import org.ecofoyer.tools.fake.FakeRoute;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.tools.fake.Fault;
import org.junit.jupiter.api.Test;

class TeleoClientTest extends FakeServerFixture {
    private static final String CONTRACT = "DEMO-EAU-0001";
    private final MeterRef meter = new MeterRef("water-1", CONTRACT, PARIS);

    private TeleoClient client(String password) {
        return new TeleoClient(vertx, web, new TeleoClient.Settings(fake.teleoUrl(), fake.teleoUrl(),
                FakeUtilityServer.TELEO_CLIENT_ID, FakeUtilityServer.TELEO_REDIRECT, FakeUtilityServer.TELEO_USER,
                Secret.of(password), FAST), QUICK, clock);
    }

    private TeleoClient client() {
        return client(FakeUtilityServer.TELEO_PASSWORD);
    }

    private void assertLitres(Fetched f, LocalDate from) {
        assertThat(f.readings()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            LocalDate d = from.plusDays(i);
            assertThat(f.readings().get(i)).isEqualTo(new Reading("water-1", d.atStartOfDay(PARIS).toInstant(),
                    "water.volume.daily", fake.data().waterLitres(CONTRACT, d)));
        }
    }

    @Test
    void pkceLoginThenDailyLitres() throws Exception {
        TeleoClient c = client();
        LocalDate from = today().minusDays(7);
        assertLitres(await(c.fetch(meter, from, from.plusDays(5))), from);
        assertThat(c.logins()).isEqualTo(1);
        assertThat(await(c.contracts())).extracting(TeleoClient.Contract::id).containsExactly(CONTRACT);
        assertThat(c.logins()).isEqualTo(1);
    }

    @Test
    void cubicMetresMissingUnitAndZeroBasedMonthsGiveTheSameLitres() throws Exception {
        LocalDate from = today().minusDays(7);
        fake.teleoFormat("m3", true);
        assertLitres(await(client().fetch(meter, from, from.plusDays(5))), from);
        fake.teleoFormat(null, false);
        assertLitres(await(client().fetch(meter, from, from.plusDays(5))), from);
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshToken() throws Exception {
        TeleoClient c = client();
        LocalDate from = today().minusDays(7);
        await(c.fetch(meter, from, from.plusDays(5)));
        fake.revokeTokens();
        assertLitres(await(c.fetch(meter, from, from.plusDays(5))), from);
        assertThat(c.logins()).isEqualTo(1);
        assertThat(fake.requests(FakeRoute.TELEO_TOKEN)).isEqualTo(2);
    }

    @Test
    void aWrongPasswordIsCredentialsRejectedWithoutTheSecret() throws Exception {
        var e = failure(client("not-the-password").fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CREDENTIALS_REJECTED);
        assertThat(e.getMessage()).contains("utility.teleo.username").doesNotContain("not-the-password");
    }

    @Test
    void faults() throws Exception {
        TeleoClient c = client();
        LocalDate from = today().minusDays(7);
        fake.script(FakeRoute.TELEO_AUTHORIZE, Fault.unavailable());
        fake.script(FakeRoute.TELEO_DAILY, Fault.unauthorized(), Fault.tooManyRequests(1));
        assertLitres(await(c.fetch(meter, from, from.plusDays(5))), from);
        fake.script(FakeRoute.TELEO_DAILY, Fault.serverError(), Fault.truncated());
        assertLitres(await(c.fetch(meter, from, from.plusDays(5))), from);
        fake.script(FakeRoute.TELEO_DAILY, Fault.slow(Duration.ofSeconds(3)));
        assertLitres(await(c.fetch(meter, from, from.plusDays(5))), from);
        fake.script(FakeRoute.TELEO_DAILY, Fault.malformed(), Fault.malformed(), Fault.malformed());
        var e = failure(c.fetch(meter, from, from.plusDays(5)));
        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        Fault gallons = Fault.body(200, "application/json",
                "{\"postes\":[{\"data\":[{\"consommation\":5,\"annee\":2024,\"mois\":3,\"jour\":1}]}],\"unites\":{\"consommation\":\"gal\"}}");
        fake.script(FakeRoute.TELEO_DAILY, gallons, gallons, gallons);
        e = failure(c.fetch(meter, from, from.plusDays(5)));
        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("unknown unit 'gal'");
    }

    @Test
    void anUnknownContractAsksToCheckTheMeterId() throws Exception {
        fake.deny(CONTRACT);
        var e = failure(client().fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CONSENT_MISSING);
    }

    @Test
    void pkceChallengeIsTheS256OfTheVerifier() {
        // RFC 7636 appendix B
        assertThat(TeleoClient.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(TeleoClient.query("https://x/cb?code=a%2Bb&state=s1")).containsEntry("code", "a+b").containsEntry("state", "s1");
        assertThat(List.of(TeleoClient.randomUrlSafe(48), TeleoClient.randomUrlSafe(48))).doesNotHaveDuplicates();
    }
}
