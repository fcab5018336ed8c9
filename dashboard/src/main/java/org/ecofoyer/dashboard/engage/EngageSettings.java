package org.ecofoyer.dashboard.engage;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A household's engagement settings.
 *
 * @param alertKinds  the alerts it wants (in the app; by e-mail too when {@code emailAlerts})
 * @param emailAlerts whether alerts are e-mailed
 * @param email       where alerts and reports go (null: nowhere)
 * @param reportEmail whether the monthly report is e-mailed (opt-in)
 * @param budgetEur   the monthly budget in euros, all fluids, or null
 */
public record EngageSettings(Set<AlertKind> alertKinds, boolean emailAlerts, String email, boolean reportEmail, Double budgetEur) {
    /** No row yet: every alert in the app, no e-mail, no budget. */
    public static final EngageSettings DEFAULTS = new EngageSettings(EnumSet.allOf(AlertKind.class), false, null, false, null);
    /** Deliberately simple: one @, no spaces, a dot in the domain; the SMTP server has the last word. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    public EngageSettings {
        alertKinds = alertKinds.isEmpty() ? EnumSet.noneOf(AlertKind.class) : EnumSet.copyOf(alertKinds);
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw new IllegalArgumentException("email: not an e-mail address");
        }
        if ((emailAlerts || reportEmail) && email == null) {
            throw new IllegalArgumentException("email: needed to send alerts or reports by e-mail");
        }
        if (budgetEur != null && !(budgetEur > 0 && budgetEur < 100_000)) {
            throw new IllegalArgumentException("budgetEur: more than 0 and less than 100000 euros a month");
        }
    }

    public boolean wants(AlertKind kind) {
        return alertKinds.contains(kind);
    }

    /** Whether an alert of this kind is e-mailed. */
    public boolean mails(AlertKind kind) {
        return emailAlerts && email != null && wants(kind);
    }
}
