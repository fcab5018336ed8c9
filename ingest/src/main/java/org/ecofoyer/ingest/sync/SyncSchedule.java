package org.ecofoyer.ingest.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.random.RandomGenerator;
import org.ecofoyer.drivers.utility.UtilityException;

/**
 * When to sync a meter next (pure). After a success: the next day at {@code dailyAt} local time plus a random jitter,
 * so that many installations do not call a utility at the same second. After a failure: what the failure says.
 */
public final class SyncSchedule {
    private final LocalTime dailyAt;
    private final Duration jitter;
    private final RandomGenerator random;

    public SyncSchedule(LocalTime dailyAt, Duration jitter, RandomGenerator random) {
        this.dailyAt = dailyAt;
        this.jitter = jitter;
        this.random = random;
    }

    /** The first {@code dailyAt} strictly after {@code now} (in {@code zone}), plus jitter in {@code [0, jitter)}. */
    public Instant afterSuccess(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        ZonedDateTime next = day.atTime(dailyAt).atZone(zone);
        if (!next.toInstant().isAfter(now)) {
            next = day.plusDays(1).atTime(dailyAt).atZone(zone);
        }
        long j = jitter.toMillis() <= 0 ? 0 : random.nextLong(jitter.toMillis());
        return next.toInstant().plusMillis(j);
    }

    /**
     * After a failure: the utility's {@code retryAt} when it gave one; in 15 minutes for other transient failures;
     * in 6 hours when the operator's credentials were refused; the next daily run when the household must act
     * (consent), so that a renewed consent is picked up within a day.
     */
    public Instant afterFailure(Instant now, ZoneId zone, UtilityException e) {
        if (e.retryAt() != null && e.retryAt().isAfter(now)) {
            return e.retryAt();
        }
        return switch (e.kind()) {
            case CONSENT_MISSING, CONSENT_EXPIRED, BAD_REQUEST -> afterSuccess(now, zone);
            case CREDENTIALS_REJECTED -> now.plus(Duration.ofHours(6));
            default -> now.plus(Duration.ofMinutes(15));
        };
    }
}
