package org.ecofoyer.drivers.utility;

import java.time.Instant;
import java.util.Objects;

/**
 * A utility API call that did not give data, typed by what the household or the operator must do about it. The
 * message is written for people (it is shown in the CLI and to the household) and never contains a secret.
 */
public final class UtilityException extends RuntimeException {

    /** What went wrong, from the point of view of who must act. */
    public enum Kind {
        /** The operator's API credentials (client id/secret, or the household's portal login) were refused. */
        CREDENTIALS_REJECTED(false),
        /** No consent (or access right) for this meter: the household must grant it. */
        CONSENT_MISSING(false),
        /** The consent existed but has expired or been revoked: the household must renew it. */
        CONSENT_EXPIRED(false),
        /** The utility has nothing for this period yet (data is published with a delay): not a failure. */
        NO_DATA(true),
        /** Quota exceeded: retry after {@link #retryAt()}. */
        RATE_LIMITED(true),
        /** The utility is down, slow or answered 5xx: retry after {@link #retryAt()}. */
        UNAVAILABLE(true),
        /** The utility answered something that is not its documented format. */
        BAD_RESPONSE(true),
        /** The utility refused the request itself (unknown meter id, period outside what it keeps...). */
        BAD_REQUEST(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether trying again later, unchanged, can succeed. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Utility utility;
    private final Kind kind;
    private final Instant retryAt;

    public UtilityException(Utility utility, Kind kind, String message, Instant retryAt, Throwable cause) {
        super(message, cause, false, false);
        this.utility = Objects.requireNonNull(utility);
        this.kind = Objects.requireNonNull(kind);
        this.retryAt = retryAt;
    }

    public UtilityException(Utility utility, Kind kind, String message) {
        this(utility, kind, message, null, null);
    }

    public Utility utility() {
        return utility;
    }

    public Kind kind() {
        return kind;
    }

    /** When trying again makes sense, if the utility said so or a backoff decided it; {@code null} if unknown. */
    public Instant retryAt() {
        return retryAt;
    }

    public static UtilityException credentialsRejected(Utility u, String what) {
        return new UtilityException(u, Kind.CREDENTIALS_REJECTED, u.displayName() + " rejected the credentials: " + what);
    }

    public static UtilityException consentMissing(Utility u, String meter, String how) {
        return new UtilityException(u, Kind.CONSENT_MISSING, u.displayName() + " has no consent for meter " + meter
                + ": the household must grant access (" + how + ")");
    }

    public static UtilityException consentExpired(Utility u, String meter, String how) {
        return new UtilityException(u, Kind.CONSENT_EXPIRED, u.displayName() + ": the consent for meter " + meter
                + " has expired or was revoked; the household must renew it (" + how + ")");
    }

    public static UtilityException noData(Utility u, String meter, String period) {
        return new UtilityException(u, Kind.NO_DATA, u.displayName() + " has no data yet for meter " + meter
                + " over " + period + " (data is published with a delay; it will be fetched again)");
    }

    public static UtilityException unavailable(Utility u, String why, Instant retryAt, Throwable cause) {
        return new UtilityException(u, Kind.UNAVAILABLE, u.displayName() + " is unavailable (" + why + ")"
                + (retryAt == null ? "" : ", retrying at " + retryAt), retryAt, cause);
    }

    public static UtilityException rateLimited(Utility u, Instant retryAt) {
        return new UtilityException(u, Kind.RATE_LIMITED, u.displayName() + " quota exceeded, retrying at " + retryAt,
                retryAt, null);
    }

    public static UtilityException badResponse(Utility u, String what) {
        return new UtilityException(u, Kind.BAD_RESPONSE, u.displayName() + " answered in an unexpected format: " + what
                + "; nothing from this answer was kept, it will be fetched again");
    }

    public static UtilityException badRequest(Utility u, String what) {
        return new UtilityException(u, Kind.BAD_REQUEST, u.displayName() + " refused the request: " + what);
    }
}
