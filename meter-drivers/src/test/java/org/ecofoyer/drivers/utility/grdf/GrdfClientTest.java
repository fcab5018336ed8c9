package org.ecofoyer.drivers.utility.grdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.FakeServerFixture;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.Samples;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.UtilityException.Kind;
import org.ecofoyer.tools.fake.FakeData;
import org.ecofoyer.tools.fake.FakeRoute;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.tools.fake.Fault;
import org.junit.jupiter.api.Test;

class GrdfClientTest extends FakeServerFixture {
    private static final String PCE = "23000000000042";
    private final MeterRef meter = new MeterRef("gas-1", PCE, PARIS);

    private GrdfClient client(String secret, ApiLimits limits) {
        return new GrdfClient(vertx, web, new GrdfClient.Settings(fake.grdfApiUrl(), fake.grdfTokenUrl(),
                FakeUtilityServer.CLIENT_ID, Secret.of(secret), limits), QUICK, clock);
    }

    private GrdfClient client() {
        return client(FakeUtilityServer.CLIENT_SECRET, FAST);
    }

    @Test
    void dailyInformativeDataOfTheFakeBecomesThreeReadingsAGasDay() throws Exception {
        LocalDate from = today().minusDays(10);
        LocalDate to = today().minusDays(3);
        Fetched f = await(client().fetch(meter, from, to));
        assertThat(f.skipped()).isZero();
        assertThat(f.readings()).hasSize(7 * 3);
        List<FakeData.GasDay> days = fake.data().gasDays(PCE, from, to);
        for (int i = 0; i < 7; i++) {
            FakeData.GasDay d = days.get(i);
            Instant six = d.day().atTime(6, 0).atZone(PARIS).toInstant();
            assertThat(f.readings()).contains(
                    new Reading("gas-1", six, "gas.volume.daily", d.volumeM3() * 1000),
                    new Reading("gas-1", six, "gas.energy.daily", d.energyKWh() * 1000));
        }
        assertThat(fake.requests(FakeRoute.GRDF_TOKEN)).isEqualTo(1);
    }

    @Test
    void theTokenIsCachedAcrossCalls() throws Exception {
        GrdfClient c = client();
        await(c.fetch(meter, today().minusDays(5), today().minusDays(4)));
        await(c.fetch(meter, today().minusDays(4), today().minusDays(3)));
        assertThat(c.tokensIssued()).isEqualTo(1);
        assertThat(fake.requests(FakeRoute.GRDF_TOKEN)).isEqualTo(1);
    }

    @Test
    void theExactSampleBodiesServedOverHttp() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.body(200, "application/x-ndjson", Samples.read(Samples.GRDF_INFORMATIVES)));
        Fetched f = await(client().fetch(new MeterRef("gas-1", "23000000000000", PARIS), LocalDate.of(2021, 8, 16),
                LocalDate.of(2021, 8, 19)));
        Instant six = Instant.parse("2021-08-16T04:00:00Z");
        assertThat(f.readings()).containsExactly(new Reading("gas-1", six, "gas.volume.daily", 1000),
                new Reading("gas-1", six, "gas.energy.daily", 8000), new Reading("gas-1", six, "gas.conversion.daily", 11160));

        fake.script(FakeRoute.GRDF_ACCESS_RIGHTS, Fault.body(200, "application/x-ndjson", Samples.read(Samples.GRDF_ACCESS_RIGHTS)));
        List<AccessRight> rights = await(client().accessRights(List.of("GI000000")));
        assertThat(rights).extracting(AccessRight::pce, AccessRight::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GI000000", "Active"));

        fake.script(FakeRoute.GRDF_CONTRACT, Fault.body(200, "application/json", Samples.read(Samples.GRDF_CONTRACT)));
        assertThat(await(client().contract("23000000000000"))).isEqualTo(
                new GrdfClient.GasContract("23000000000000", 9426L, "T2", "P012", LocalDate.of(2020, 12, 7)));

        fake.script(FakeRoute.GRDF_PUBLISHED, Fault.body(200, "application/x-ndjson", Samples.read(Samples.GRDF_PUBLISHED)));
        GrdfClient.Consumptions pub = await(client().published("23000000000000", LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 23)));
        assertThat(pub.records()).hasSize(1);
        assertThat(pub.records().get(0).energyKWh()).isEqualByComparingTo("2032");
    }

    @Test
    void publishedAccessRightsAndContractOfTheFake() throws Exception {
        GrdfClient c = client();
        GrdfClient.Consumptions pub = await(c.published(PCE, today().minusDays(70), today().minusDays(1)));
        assertThat(pub.records()).allMatch(g -> "Publiée".equals(g.kind()));
        assertThat(pub.records().size()).isBetween(3, 4);
        List<AccessRight> rights = await(c.accessRights(List.of(PCE)));
        assertThat(rights).singleElement().matches(AccessRight::isActive);
        assertThat(await(c.contract(PCE)).tariff()).isEqualTo("T2");
    }

    @Test
    void unauthorizedOnceRenewsTheTokenAndSucceeds() throws Exception {
        GrdfClient c = client();
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.unauthorized());
        Fetched f = await(c.fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(f.readings()).hasSize(3);
        assertThat(c.tokensIssued()).isEqualTo(2);
    }

    @Test
    void aRevokedTokenIsReplaced() throws Exception {
        GrdfClient c = client();
        await(c.fetch(meter, today().minusDays(3), today().minusDays(2)));
        fake.revokeTokens();
        assertThat(await(c.fetch(meter, today().minusDays(3), today().minusDays(2))).readings()).hasSize(3);
        assertThat(c.tokensIssued()).isEqualTo(2);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.tooManyRequests(1));
        long t0 = System.nanoTime();
        assertThat(await(client().fetch(meter, today().minusDays(3), today().minusDays(2))).readings()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(fake.requests(FakeRoute.GRDF_INFORMATIVES)).isEqualTo(2);
    }

    @Test
    void aLongRetryAfterEndsTheCallWithTheTimeToComeBack() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.tooManyRequests(3600));
        var e = failure(client().fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAt()).isAfter(clock.instant().plusSeconds(3500));
        assertThat(e.getMessage()).contains("retrying at");
    }

    @Test
    void serverErrorsAreRetriedThenReportedAsUnavailable() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.serverError(), Fault.unavailable());
        assertThat(await(client().fetch(meter, today().minusDays(3), today().minusDays(2))).readings()).hasSize(3);
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.unavailable(), Fault.unavailable(), Fault.unavailable());
        var e = failure(client().fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryAt()).isNotNull();
        assertThat(e.getMessage()).contains("HTTP 503").contains("retrying at");
    }

    @Test
    void aMalformedLineIsSkippedAndCountedAndTheOtherDaysKept() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.malformed());
        Fetched f = await(client().fetch(meter, today().minusDays(6), today().minusDays(2)));
        assertThat(f.skipped()).isEqualTo(1);
        assertThat(f.readings()).hasSize(4 * 3);
    }

    @Test
    void aTruncatedBodyIsRetriedWhole() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.truncated());
        Fetched f = await(client().fetch(meter, today().minusDays(6), today().minusDays(2)));
        assertThat(f.readings()).hasSize(4 * 3);
        assertThat(fake.requests(FakeRoute.GRDF_INFORMATIVES)).isEqualTo(2);
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws Exception {
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.slow(Duration.ofSeconds(3)));
        assertThat(await(client().fetch(meter, today().minusDays(3), today().minusDays(2))).readings()).hasSize(3);
        assertThat(fake.requests(FakeRoute.GRDF_INFORMATIVES)).isEqualTo(2);
        fake.script(FakeRoute.GRDF_INFORMATIVES, Fault.slow(Duration.ofSeconds(3)), Fault.slow(Duration.ofSeconds(3)),
                Fault.slow(Duration.ofSeconds(3)));
        var e = failure(client().fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("no answer within");
    }

    @Test
    void noAccessRightComesWithHttp200AndAsksTheHouseholdForConsent() throws Exception {
        fake.deny(PCE);
        var e = failure(client().fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CONSENT_MISSING);
        assertThat(e.getMessage()).contains(PCE).contains("household must grant access");
    }

    @Test
    void aPeriodWithoutDataYetIsNoData() throws Exception {
        var e = failure(client().fetch(meter, today().plusDays(1), today().plusDays(3)));
        assertThat(e.kind()).isEqualTo(Kind.NO_DATA);
    }

    @Test
    void wrongOperatorSecretIsCredentialsRejectedAndNeverShowsTheSecret() throws Exception {
        var e = failure(client("wrong-secret-value", FAST).fetch(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CREDENTIALS_REJECTED);
        assertThat(e.getMessage()).contains("client secret").doesNotContain("wrong-secret-value");
        assertThat(new GrdfClient.Settings("a", "b", "c", Secret.of("wrong-secret-value"), null).toString())
                .doesNotContain("wrong-secret-value");
    }

    @Test
    void callsAreAtLeastTheMinimumIntervalApart() throws Exception {
        GrdfClient c = client(FakeUtilityServer.CLIENT_SECRET, new ApiLimits(Duration.ofMillis(300), 0, 365, 1000));
        long t0 = System.nanoTime();
        // token + 3 data calls: 3 gaps of 300 ms at least
        for (int i = 3; i > 0; i--) {
            await(c.fetch(meter, today().minusDays(i + 1), today().minusDays(i)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}
