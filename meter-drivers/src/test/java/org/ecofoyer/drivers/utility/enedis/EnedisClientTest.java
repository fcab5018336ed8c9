package org.ecofoyer.drivers.utility.enedis;

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
import org.ecofoyer.tools.fake.FakeRoute;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.tools.fake.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnedisClientTest extends FakeServerFixture {
    private static final String PRM = "09999999999992";
    private static final ApiLimits ENEDIS_FAST = new ApiLimits(Duration.ZERO, 10_000, 7, 3 * 365);
    private final MeterRef meter = new MeterRef("elec-1", PRM, PARIS);

    private EnedisClient client(EnedisApi api, boolean loadCurve) {
        return new EnedisClient(vertx, web, new EnedisClient.Settings(fake.enedisApiUrl(), fake.enedisTokenUrl(),
                FakeUtilityServer.CLIENT_ID, Secret.of(FakeUtilityServer.CLIENT_SECRET), api, loadCurve, ENEDIS_FAST), QUICK, clock);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void dailyMaxPowerAndLoadCurveAgreeWithEachOther(EnedisApi api) throws Exception {
        LocalDate from = today().minusDays(9);
        LocalDate to = today().minusDays(2);
        Fetched f = await(client(api, true).fetch(meter, from, to));
        List<Reading> daily = f.readings().stream().filter(r -> r.channel().equals("energy.daily")).toList();
        List<Reading> curve = f.readings().stream().filter(r -> r.channel().equals("energy.interval.30")).toList();
        List<Reading> max = f.readings().stream().filter(r -> r.channel().equals("power.max.daily")).toList();
        assertThat(daily).hasSize(7);
        assertThat(max).hasSize(7);
        for (Reading d : daily) {
            Instant dayEnd = LocalDate.ofInstant(d.instant(), PARIS).plusDays(1).atStartOfDay(PARIS).toInstant();
            long sum = curve.stream().filter(c -> !c.instant().isBefore(d.instant()) && c.instant().isBefore(dayEnd))
                    .mapToLong(Reading::value).sum();
            assertThat(sum).as("half-hours of %s", d.instant()).isEqualTo(d.value());
            assertThat(d.instant().atZone(PARIS).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        }
        assertThat(fake.requests(FakeRoute.ENEDIS_LOAD_CURVE)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void loadCurveBackfillIsSplitIntoCallsOfAtMostSevenDays(EnedisApi api) throws Exception {
        LocalDate from = today().minusDays(20);
        LocalDate to = today().minusDays(4);
        List<Reading> curve = await(client(api, true).loadCurve(meter, from, to));
        assertThat(fake.requests(FakeRoute.ENEDIS_LOAD_CURVE)).isEqualTo(3);
        Instant start = from.atStartOfDay(PARIS).toInstant();
        Instant end = to.atStartOfDay(PARIS).toInstant();
        assertThat(curve).hasSize((int) Duration.between(start, end).toMinutes() / 30);
        for (int i = 0; i < curve.size(); i++) {
            assertThat(curve.get(i).instant()).isEqualTo(start.plus(Duration.ofMinutes(30L * i)));
        }
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void dstDaysHave46And50HalfHours(EnedisApi api) throws Exception {
        EnedisClient c = client(api, true);
        List<Reading> autumn = await(c.loadCurve(meter, LocalDate.of(2025, 10, 26), LocalDate.of(2025, 10, 27)));
        assertThat(autumn).hasSize(50);
        assertThat(autumn.get(0).instant()).isEqualTo(Instant.parse("2025-10-25T22:00:00Z"));
        assertThat(autumn.get(49).instant()).isEqualTo(Instant.parse("2025-10-26T22:30:00Z"));
        assertThat(autumn).extracting(Reading::instant).doesNotHaveDuplicates();
        List<Reading> spring = await(c.loadCurve(meter, LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 30)));
        assertThat(spring).hasSize(46);
        assertThat(spring.get(0).instant()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(spring.get(45).instant()).isEqualTo(Instant.parse("2026-03-29T21:30:00Z"));
        long autumnDaily = await(c.daily(meter, LocalDate.of(2025, 10, 26), LocalDate.of(2025, 10, 27))).get(0).value();
        assertThat(autumn.stream().mapToLong(Reading::value).sum()).isEqualTo(autumnDaily);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void everyFaultOfTheFake(EnedisApi api) throws Exception {
        EnedisClient c = client(api, false);
        LocalDate from = today().minusDays(4);
        LocalDate to = today().minusDays(2);
        // each call survives two faults (three attempts); a 401 renews the token without using an attempt
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.unauthorized(), Fault.tooManyRequests(1));
        assertThat(await(c.daily(meter, from, to))).hasSize(2);
        assertThat(c.tokensIssued()).isEqualTo(2);
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.serverError(), Fault.unavailable());
        assertThat(await(c.daily(meter, from, to))).hasSize(2);
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.truncated(), Fault.slow(Duration.ofSeconds(3)));
        assertThat(await(c.daily(meter, from, to))).hasSize(2);
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.malformed(), Fault.serverError(), Fault.unavailable());
        var e = failure(c.daily(meter, from, to));
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryAt()).isAfter(clock.instant());
        assertThat(fake.requests(FakeRoute.ENEDIS_DAILY)).isEqualTo(12);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void malformedAndTruncatedBodiesAreBadResponsesNotData(EnedisApi api) throws Exception {
        EnedisClient c = client(api, false);
        fake.script(FakeRoute.ENEDIS_MAX_POWER, Fault.malformed(), Fault.malformed(), Fault.malformed());
        var e = failure(c.maxPower(meter, today().minusDays(4), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("nothing from this answer was kept");
        fake.script(FakeRoute.ENEDIS_MAX_POWER, Fault.truncated());
        assertThat(await(c.maxPower(meter, today().minusDays(4), today().minusDays(2)))).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void noConsentAndNoData(EnedisApi api) throws Exception {
        EnedisClient c = client(api, false);
        assertThat(failure(c.daily(meter, today().plusDays(1), today().plusDays(3))).kind()).isEqualTo(Kind.NO_DATA);
        fake.deny(PRM);
        var e = failure(c.daily(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CONSENT_MISSING);
        assertThat(e.getMessage()).contains(PRM).contains("consent");
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void contract(EnedisApi api) throws Exception {
        EnedisClient.Contract contract = await(client(api, false).contract(PRM));
        assertThat(contract.subscribedKva()).isEqualTo(9);
        assertThat(contract.offPeak()).containsExactly(new EnedisParser.OffPeak(java.time.LocalTime.of(23, 0),
                java.time.LocalTime.of(7, 30)));
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void theExactSamplesServedOverHttp(EnedisApi api) throws Exception {
        EnedisClient c = client(api, true);
        fake.script(FakeRoute.ENEDIS_TOKEN, Fault.body(200, "application/json", Samples.read(Samples.ENEDIS_TOKEN)));
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.body(200, "application/json",
                Samples.read(api == EnedisApi.V5 ? Samples.ENEDIS_V5_DAILY : Samples.ENEDIS_2026_DAILY)));
        MeterRef sample = new MeterRef("elec-1", "99999999999991", PARIS);
        // The sample token is not one the fake issued: the data call answers 401 and the client takes a fresh one.
        List<Reading> daily = await(c.daily(sample, LocalDate.of(2026, 9, 29), LocalDate.of(2026, 10, 1)));
        if (api == EnedisApi.V5) {
            assertThat(daily).containsExactly(new Reading("elec-1", Instant.parse("2019-05-05T22:00:00Z"), "energy.daily", 540));
        } else {
            assertThat(daily).containsExactly(
                    new Reading("elec-1", Instant.parse("2026-09-28T22:00:00Z"), "energy.daily", 33495),
                    new Reading("elec-1", Instant.parse("2026-09-29T22:00:00Z"), "energy.daily", 38022));
        }
        fake.script(FakeRoute.ENEDIS_LOAD_CURVE, Fault.body(200, "application/json",
                Samples.read(api == EnedisApi.V5 ? Samples.ENEDIS_V5_CURVE : Samples.ENEDIS_2026_CURVE)));
        List<Reading> curve = await(c.loadCurve(sample, LocalDate.of(2026, 9, 29), LocalDate.of(2026, 10, 1)));
        assertThat(curve).hasSize(96);
        assertThat(curve.stream().mapToLong(Reading::value).sum()).isEqualTo(33495 + 38022);
    }

    @ParameterizedTest
    @EnumSource(EnedisApi.class)
    void anUnsubscribedApiTellsTheOperator(EnedisApi api) throws Exception {
        fake.script(FakeRoute.ENEDIS_DAILY, Fault.body(403, "application/json", Samples.read(Samples.ENEDIS_2026_FORBIDDEN)));
        var e = failure(client(api, false).daily(meter, today().minusDays(3), today().minusDays(2)));
        assertThat(e.kind()).isEqualTo(Kind.CREDENTIALS_REJECTED);
        assertThat(e.getMessage()).contains("not subscribed").contains("utility.enedis.api");
    }
}
