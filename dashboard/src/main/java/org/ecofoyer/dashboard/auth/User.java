package org.ecofoyer.dashboard.auth;

/** An account as stored (the password hash stays in {@link Accounts}). */
public record User(long id, String login, String displayName, Role role, String householdId, String locale) {
}
