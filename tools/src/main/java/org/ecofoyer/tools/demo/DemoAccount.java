package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.storage.Households;

/** The demo's sign-in: the demo household's account, with a fresh random password at every demo start. */
public final class DemoAccount {
    public static final String HOUSEHOLD = "demo";
    public static final String LOGIN = "demo";

    private DemoAccount() {
    }

    /** Creates the demo household if missing, and its account with a new password (returned, to be printed). */
    public static String ensure(Connection c, Accounts accounts) throws SQLException {
        Households.create(c, new HouseholdId(HOUSEHOLD), "Foyer de démonstration");
        return withFreshPassword(c, accounts, LOGIN, Role.HOUSEHOLD, HOUSEHOLD, "Démo");
    }

    /** A demo account, created if missing, with a new random password at every start (returned, to be printed). */
    static String withFreshPassword(Connection c, Accounts accounts, String login, Role role, String household, String name)
            throws SQLException {
        String password = Tokens.random().substring(0, 16);
        var existing = accounts.credentials(c, login);
        if (existing.isPresent()) {
            accounts.setPasswordHash(c, existing.get().user().id(), accounts.hasher().hash(password.toCharArray()));
        } else {
            accounts.add(c, login, password, role, household, name, "fr");
        }
        return password;
    }
}
