package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.engage.AlertJob;
import org.ecofoyer.dashboard.engage.AlertKind;
import org.ecofoyer.dashboard.engage.ChallengeStore;
import org.ecofoyer.dashboard.engage.ChallengeView;
import org.ecofoyer.dashboard.engage.EngageSettings;
import org.ecofoyer.dashboard.engage.Ecogestures;
import org.ecofoyer.dashboard.engage.GestureChoices;
import org.ecofoyer.dashboard.engage.HouseholdConsumption;
import org.ecofoyer.dashboard.engage.MailConfig;
import org.ecofoyer.dashboard.engage.SettingsStore;

/**
 * The demo household's engagement (#16): every alert on with a monthly budget its forecast goes past (so the budget
 * alert shows), two ecogestures answered, an electricity challenge under way since three days ago; then one run of the
 * alert job. Needs the rollups of the 28 days before the challenge: answers false until they exist (the demo retries).
 */
public final class DemoEngagement {
    static final double BUDGET_EUR = 40;

    private DemoEngagement() {
    }

    public static boolean ensure(Connection c, Clock clock) throws SQLException {
        String h = DemoAccount.HOUSEHOLD;
        HouseholdConsumption hc = new HouseholdConsumption(c, h);
        LocalDate today = hc.today(clock);
        boolean underWay = ChallengeStore.of(c, h).stream().anyMatch(ch -> ch.result() == null);
        if (!underWay) {
            try {
                ChallengeView.start(c, hc, Fluid.ELECTRICITY, 10, today.minusDays(3), clock.instant());
            } catch (IllegalArgumentException notYet) {
                return false; // the rollups are being computed
            }
        }
        Instant now = clock.instant();
        SettingsStore.save(c, h, new EngageSettings(EnumSet.allOf(AlertKind.class), false, null, false, BUDGET_EUR), now);
        GestureChoices.set(c, h, "elec-led", "done", now);
        GestureChoices.set(c, h, "cook-lid", "done", now);
        new AlertJob(clock, MailConfig.NONE, null, new Ecogestures()).run(c);
        return true;
    }
}
