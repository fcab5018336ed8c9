package org.ecofoyer.dashboard.auth;

/**
 * The signed-in account behind a request.
 *
 * @param userId      the account
 * @param login       its login
 * @param role        its role
 * @param householdId its household (HOUSEHOLD accounts only, else null)
 * @param locale      {@code fr} or {@code en}
 * @param csrfToken   the token every state-changing request of this session must carry
 * @param sessionHash the stored form of the session token (to sign out)
 */
public record Caller(long userId, String login, String role, String householdId, String locale, String csrfToken,
                     byte[] sessionHash) {
    public Role roleEnum() {
        return Role.valueOf(role);
    }
}
