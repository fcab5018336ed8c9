package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One occurrence of an alert's condition.
 *
 * @param id         its row
 * @param kind       which condition
 * @param occurrence what tells this occurrence from the next (the night, the day, the month, the meter and its last reading)
 * @param raisedAt   when the job first saw it
 * @param detail     the figures behind it (for the page and the e-mail)
 * @param mail       none, pending, sent, rate_limited or failed
 * @param mailedAt   when it was e-mailed, or null
 * @param seenAt     when the household opened its alerts after it, or null
 */
public record Alert(long id, AlertKind kind, String occurrence, Instant raisedAt, JsonObject detail, String mail, Instant mailedAt,
                    Instant seenAt) {
    public JsonObject json() {
        return new JsonObject().put("id", id).put("kind", kind.wire()).put("occurrence", occurrence)
                .put("raisedAt", raisedAt.toString()).put("detail", detail).put("mail", mail)
                .put("mailedAt", mailedAt == null ? null : mailedAt.toString()).put("seen", seenAt != null);
    }
}
