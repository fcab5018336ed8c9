package org.ecofoyer.dashboard.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import org.ecofoyer.core.Fluid;

/**
 * A household's consent for an advisor to read its data.
 *
 * @param id           the consent
 * @param householdId  whose data
 * @param advisorId    the advisor's account
 * @param advisorLogin the advisor's login
 * @param terms        what it allows
 * @param createdAt    when it was granted
 * @param expiresAt    when it ends by itself (null: a consent from before the terms existed, which allows nothing)
 * @param revokedAt    when the household revoked it, or null
 */
public record Consent(long id, String householdId, long advisorId, String advisorLogin, ConsentTerms terms, Instant createdAt,
                      Instant expiresAt, Instant revokedAt) {

    /** Whether it allows anything at {@code now}: not revoked, not expired, with terms. */
    public boolean liveAt(Instant now) {
        return revokedAt == null && expiresAt != null && now.isBefore(expiresAt) && terms.complete();
    }

    /** Its state at {@code now}: live, revoked or expired. */
    public String state(Instant now) {
        return revokedAt != null ? "revoked" : liveAt(now) ? "live" : "expired";
    }

    public JsonObject json(Instant now) {
        return terms.json().put("id", id).put("household", householdId).put("advisor", advisorLogin)
                .put("createdAt", iso(createdAt)).put("expiresAt", iso(expiresAt)).put("revokedAt", iso(revokedAt))
                .put("state", state(now));
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /**
     * What a consent allows.
     *
     * @param fluids        the fluids it covers
     * @param granularity   the finest buckets
     * @param halfHourOptIn the household's explicit opt-in to half-hours (required for {@link ConsentGranularity#HALF_HOUR})
     * @param dataFrom      first local date of data covered (null: none)
     * @param dataTo        first local date after the data covered (null: none)
     */
    public record ConsentTerms(Set<Fluid> fluids, ConsentGranularity granularity, boolean halfHourOptIn, LocalDate dataFrom,
                               LocalDate dataTo) {
        public ConsentTerms {
            fluids = Set.copyOf(fluids);
        }

        boolean complete() {
            return !fluids.isEmpty() && granularity != null && dataFrom != null && dataTo != null && dataTo.isAfter(dataFrom)
                    && (granularity != ConsentGranularity.HALF_HOUR || halfHourOptIn);
        }

        /** Whether [from, to) lies inside the covered dates. */
        public boolean covers(LocalDate from, LocalDate to) {
            return dataFrom != null && dataTo != null && !from.isBefore(dataFrom) && !to.isAfter(dataTo) && to.isAfter(from);
        }

        /** Whether {@code narrower} allows nothing these terms do not: a subset of fluids, no finer, no longer. */
        public boolean includes(ConsentTerms narrower) {
            return fluids.containsAll(narrower.fluids) && narrower.granularity.ordinal() <= granularity.ordinal()
                    && (narrower.granularity != ConsentGranularity.HALF_HOUR || halfHourOptIn)
                    && covers(narrower.dataFrom, narrower.dataTo);
        }

        /** The fluids as stored in {@code consent.scope}: lower-case names, comma-separated, in the enum's order. */
        public String scope() {
            return String.join(",", fluids.stream().sorted().map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }

        public static Set<Fluid> parseScope(String scope) {
            if (scope == null || scope.isBlank()) {
                return Set.of();
            }
            java.util.EnumSet<Fluid> out = java.util.EnumSet.noneOf(Fluid.class);
            for (String s : scope.split(",")) {
                out.add(Fluid.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            }
            return out;
        }

        public JsonObject json() {
            JsonArray f = new JsonArray();
            fluids.stream().sorted().forEach(x -> f.add(x.name().toLowerCase(Locale.ROOT)));
            return new JsonObject().put("fluids", f).put("granularity", granularity == null ? null : granularity.wire())
                    .put("halfHourOptIn", halfHourOptIn).put("dataFrom", dataFrom == null ? null : dataFrom.toString())
                    .put("dataTo", dataTo == null ? null : dataTo.toString());
        }

        /** The terms in a line (consent history, access log). */
        public String describe() {
            return scope() + "; " + (granularity == null ? "-" : granularity.wire()) + "; " + dataFrom + " to " + dataTo;
        }
    }
}
