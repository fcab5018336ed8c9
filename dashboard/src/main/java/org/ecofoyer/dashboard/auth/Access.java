package org.ecofoyer.dashboard.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import org.ecofoyer.dashboard.consent.Consent;
import org.ecofoyer.dashboard.consent.Consents;
import org.ecofoyer.storage.Jdbc;

/**
 * The one authorisation check for household data: every route under {@code /api/v1/households/{id}} and every page
 * that shows a household's data goes through {@link #toHousehold}. A household account reads its own household; an
 * advisor reads a household only through that household's live consent (not revoked, not expired by this dashboard's
 * clock), and then only what the consent allows ({@code api.AdvisorPolicy} checks each request against
 * {@link Grant#consent()}); installers and operators read no household's consumption.
 */
public final class Access {
    /**
     * Why access is allowed. {@code owner} false means someone else reads, which must be audited.
     *
     * @param consent the consent an advisor reads under (null for the household itself)
     * @param today   the household's date by the dashboard's clock, for an advisor (what "now" means for its data period)
     */
    public record Grant(Caller caller, String householdId, boolean owner, Consent consent, java.time.LocalDate today) {
        /** The consent's id, or null for the household itself. */
        public Long consentId() {
            return consent == null ? null : consent.id();
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public Access(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The grant, or empty when the caller may not see this household (answer 404, as if it did not exist). */
    public Future<Optional<Grant>> toHousehold(Caller caller, String householdId) {
        if (caller == null || householdId == null) {
            return Future.succeededFuture(Optional.empty());
        }
        if (caller.roleEnum() == Role.HOUSEHOLD && householdId.equals(caller.householdId())) {
            return Future.succeededFuture(Optional.of(new Grant(caller, householdId, true, null, null)));
        }
        if (caller.roleEnum() == Role.ADVISOR) {
            return jdbc.run(c -> {
                java.time.Instant now = clock.instant();
                Optional<Consent> consent = Consents.live(c, caller.userId(), householdId, now);
                if (consent.isEmpty()) {
                    return Optional.<Grant>empty();
                }
                java.time.ZoneId zone = org.ecofoyer.storage.Households.find(c, householdId)
                        .map(org.ecofoyer.core.Household::zone).orElse(java.time.ZoneOffset.UTC);
                return Optional.of(new Grant(caller, householdId, false, consent.get(), now.atZone(zone).toLocalDate()));
            });
        }
        return Future.succeededFuture(Optional.empty());
    }

    /** Whether the caller may administer accounts (create invitations for any role). */
    public boolean canAdminister(Caller caller) {
        return caller != null && caller.roleEnum() == Role.OPERATOR;
    }

    public Clock clock() {
        return clock;
    }
}
