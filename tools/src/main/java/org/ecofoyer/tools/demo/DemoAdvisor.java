package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.dashboard.consent.Consent;
import org.ecofoyer.dashboard.consent.ConsentGranularity;
import org.ecofoyer.dashboard.consent.Consents;
import org.ecofoyer.dashboard.consent.SimilarHomesMembers;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Households;

/**
 * The demo's advisor side (issue #15): the demo household's profile and weather station, the generated degree-days of
 * {@link DemoClimate}, an energy advisor ({@link #LOGIN}) holding a consent from the demo household (every fluid, by
 * day, its whole history, for a year), and {@link #NEIGHBOURS} similar homes that take part in "similar homes" (same
 * heating energy, surface band and occupants), so that the cohort card has its 5 homes. Idempotent: a second start keeps
 * the live consent and the neighbours' history, and only gives the advisor a new password.
 */
public final class DemoAdvisor {
    public static final String LOGIN = "conseil";
    public static final int NEIGHBOURS = 5;
    static final int NEIGHBOUR_DAYS = 400;
    /** The demo home: electric heating (its Linky's winter load), 95 m², 3 people. */
    static final HouseholdProfile PROFILE = new HouseholdProfile(95.0, 3, HouseholdProfile.HeatingEnergy.ELECTRICITY,
            HouseholdProfile.HeatingSystem.DIRECT_ELECTRIC, HouseholdProfile.HotWater.ELECTRIC_TANK,
            HouseholdProfile.ConstructionPeriod.FROM_1975_TO_1989, "69003", DemoClimate.ZONE);

    private DemoAdvisor() {
    }

    /** What the demo prints: the advisor's sign-in and code. */
    public record SignIn(String login, String password, String code) {
    }

    public static SignIn ensure(Connection c, Accounts accounts, ReadingWriter writer, Instant now) throws SQLException {
        LocalDate today = now.atZone(DemoHousehold.ZONE).toLocalDate();
        LocalDate first = today.minusDays(DemoHousehold.HISTORY_DAYS);
        CalendarStore.setDegreeDays(c, DemoClimate.ZONE, DemoClimate.series(first, today.plusDays(1)));
        Households.setProfile(c, new HouseholdId(DemoAccount.HOUSEHOLD), PROFILE);
        SimilarHomesMembers.set(c, DemoAccount.HOUSEHOLD, true, now);

        String password = Tokens.random().substring(0, 16);
        var existing = accounts.credentials(c, LOGIN);
        long advisorId;
        if (existing.isPresent()) {
            advisorId = existing.get().user().id();
            accounts.setPasswordHash(c, advisorId, accounts.hasher().hash(password.toCharArray()));
        } else {
            advisorId = accounts.add(c, LOGIN, password, Role.ADVISOR, null, "Conseillère France Rénov' (démo)", "fr").id();
        }
        String code = Consents.advisorCode(c, advisorId).orElseGet(() -> assign(c, advisorId));
        if (Consents.live(c, advisorId, DemoAccount.HOUSEHOLD, now).isEmpty()) {
            Consents.grant(c, DemoAccount.HOUSEHOLD, DemoAccount.LOGIN, code,
                    new Consent.ConsentTerms(Set.of(Fluid.ELECTRICITY, Fluid.GAS, Fluid.WATER), ConsentGranularity.DAY, false,
                            first.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1)),
                    today.plusYears(1).atStartOfDay(DemoHousehold.ZONE).toInstant(), now);
        }
        // And a request waiting on the household's Sharing page: half-hours of electricity for two months, to look at
        // the standby consumption at night (the household accepts or declines it).
        if (org.ecofoyer.dashboard.consent.ConsentRequests.ofHousehold(c, DemoAccount.HOUSEHOLD).stream()
                .noneMatch(r -> "pending".equals(r.state(now)))) {
            org.ecofoyer.dashboard.consent.ConsentRequests.ask(c, advisorId, DemoAccount.LOGIN,
                    new Consent.ConsentTerms(Set.of(Fluid.ELECTRICITY), ConsentGranularity.HALF_HOUR, false,
                            today.withDayOfMonth(1).minusMonths(2), today.withDayOfMonth(1)),
                    today.plusDays(30), "Pour regarder votre consommation de veille la nuit, j'aurais besoin de vos demi-heures"
                            + " de ces deux derniers mois.", now);
        }
        for (int i = 1; i <= NEIGHBOURS; i++) {
            String id = "demo-voisin-" + i;
            Households.create(c, new HouseholdId(id), "Voisin " + i + " (démo)");
            // Same cohort as the demo home (electric heating, 80-120 m², 3 people), each using more or less.
            Households.setProfile(c, new HouseholdId(id), new HouseholdProfile(82.0 + 7 * i, 3, HouseholdProfile.HeatingEnergy.ELECTRICITY,
                    null, null, null, "69003", DemoClimate.ZONE));
            SimilarHomesMembers.set(c, id, true, now);
            DemoHousehold.fillNeighbour(c, writer, id, id + "-elec", NEIGHBOUR_DAYS, 0.7 + 0.12 * i, now);
        }
        return new SignIn(LOGIN, password, code);
    }

    private static String assign(Connection c, long advisorId) {
        try {
            return Consents.assignAdvisorCode(c, advisorId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
