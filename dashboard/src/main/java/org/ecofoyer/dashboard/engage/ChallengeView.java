package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;

/** Starts challenges, tells where one stands from the rollups, and decides it once its data is in. */
public final class ChallengeView {
    /** A challenge lasts a week. */
    public static final int DAYS = 7;

    private ChallengeView() {
    }

    /** Starts a week from today against the usual week (the 28 days before); refuses without a week of history. */
    public static Optional<ChallengeStore.Challenge> start(Connection c, HouseholdConsumption hc, Fluid fluid, int targetPct,
                                                          LocalDate today, Instant now) throws SQLException {
        for (ChallengeStore.Challenge open : ChallengeStore.of(c, hc.id())) {
            if (open.result() == null) {
                view(c, hc, open, today, now); // one that has ended is decided first, making room for the new one
            }
        }
        Totals before = hc.totals(fluid, today.minusDays(ChallengeMaths.BASELINE_DAYS), today);
        double usual = ChallengeMaths.usual(before.quantity(), before.days(), DAYS);
        return ChallengeStore.start(c, hc.id(), fluid, targetPct, today, today.plusDays(DAYS), usual, now);
    }

    /** Where it stands (its whole days with data so far), deciding it when it can be. */
    public static JsonObject view(Connection c, HouseholdConsumption hc, ChallengeStore.Challenge ch, LocalDate today, Instant now)
            throws SQLException {
        LocalDate to = today.isBefore(ch.endsOn()) ? today : ch.endsOn();
        HouseholdConsumption.DaySums s = HouseholdConsumption.sum(hc.days(ch.fluid(), ch.startsOn(), to));
        ChallengeMaths.Progress p = ChallengeMaths.progress(ch.baseline(), ch.targetPct(), s.quantity(), s.days(), ch.days());
        String result = ch.result();
        Double resultQuantity = ch.resultQuantity();
        if (result == null) {
            result = ChallengeMaths.result(p, (int) ChronoUnit.DAYS.between(ch.endsOn(), today));
            if (result != null) {
                resultQuantity = s.quantity();
                ChallengeStore.decide(c, ch, result, resultQuantity, now);
            }
        }
        return new JsonObject().put("id", ch.id()).put("fluid", MonthlyReport.wire(ch.fluid())).put("unit", ch.fluid().unit())
                .put("targetPct", ch.targetPct()).put("startsOn", ch.startsOn().toString())
                .put("endsOn", ch.endsOn().minusDays(1).toString()).put("days", ch.days())
                .put("usual", ch.baseline()).put("target", p.target()).put("soFar", p.soFar()).put("daysWithData", p.daysWithData())
                .put("allowedSoFar", p.allowedSoFar()).put("onTrack", p.onTrack()).put("pctVsUsual", p.pctVsUsual())
                .put("result", result).put("resultQuantity", resultQuantity);
    }
}
