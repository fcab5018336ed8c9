package org.ecofoyer.dashboard.auth;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * The one authorisation check for household data: every route under {@code /api/v1/households/{id}} and every page
 * that shows a household's data goes through {@link #toHousehold}. Today a household account reads its own
 * household and nothing else; advisors, installers and operators read no household's consumption. Advisor access
 * by consent (DESIGN §7) is added here, and only here: look up a live consent of {@code householdId} for
 * {@code caller} and return a {@link Grant} with {@code owner = false} and its scope, which the caller then audits.
 */
public final class Access {
    /** Why access is allowed. {@code owner} false means someone else reads, which must be audited. */
    public record Grant(Caller caller, String householdId, boolean owner, String scope) {
    }

    /** The grant, or empty when the caller may not see this household (answer 404, as if it did not exist). */
    public Future<Optional<Grant>> toHousehold(Caller caller, String householdId) {
        if (caller != null && caller.roleEnum() == Role.HOUSEHOLD && householdId != null
                && householdId.equals(caller.householdId())) {
            return Future.succeededFuture(Optional.of(new Grant(caller, householdId, true, "all")));
        }
        return Future.succeededFuture(Optional.empty());
    }

    /** Whether the caller may administer accounts (create invitations for any role). */
    public boolean canAdminister(Caller caller) {
        return caller != null && caller.roleEnum() == Role.OPERATOR;
    }
}
