package org.ecofoyer.aggregation.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.ecofoyer.aggregation.maths.SimilarHomes;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.storage.Households;

/**
 * "Similar homes" for one household: among the households that take part (the dashboard knows who consented), those of
 * the same cohort ({@link SimilarHomes.Cohort}) with data on every day of the period, summed into a {@link SimilarHomes.Card}.
 * The card holds aggregates only and none at all below {@link SimilarHomes#MIN_HOMES} homes. Blocking.
 */
public final class Cohorts {
    private final Connection c;

    public Cohorts(Connection c) {
        this.c = c;
    }

    /** The card, or empty when the household's own profile puts it in no cohort (heating energy, surface or occupants missing). */
    public Optional<SimilarHomes.Card> card(String householdId, Collection<String> members, Fluid fluid, LocalDate from, LocalDate to)
            throws SQLException {
        Household h = Households.find(c, householdId).orElseThrow(() -> new NoSuchElementException("no household '" + householdId + "'"));
        SimilarHomes.Cohort cohort = SimilarHomes.Cohort.of(h.profile());
        if (cohort == null) {
            return Optional.empty();
        }
        RollupReader reader = new RollupReader(c);
        long span = ChronoUnit.DAYS.between(from, to);
        List<SimilarHomes.Home> homes = new ArrayList<>();
        for (Household m : Households.among(c, members)) {
            if (m.id().equals(h.id()) || !cohort.equals(SimilarHomes.Cohort.of(m.profile()))) {
                continue;
            }
            Totals t = reader.totals(m.id().value(), fluid, from, to);
            if (t.days() == span) { // a home with missing days would pull the mean down: left out
                homes.add(new SimilarHomes.Home(t.quantity(), m.surfaceM2()));
            }
        }
        Totals own = reader.totals(householdId, fluid, from, to);
        return Optional.of(SimilarHomes.card(cohort, own.quantity(), h.surfaceM2(), homes));
    }
}
