package org.ecofoyer.ingest.writer;

/** The statements of {@code mqtt_session_lease}, by name (run by {@link SessionLeases}). Durations are milliseconds. */
final class LeaseSql {
    private LeaseSql() {
    }

    /**
     * The owner takes or renews its lease, unless a peer holds a live claim on it (it is draining this instance's
     * session: the owner waits until that peer has ended the session and released the lease, or until the claim
     * lapses, so that two clients never use one client id at once). Parameters: client id, group, ttl. Updates 0 rows
     * while a peer's claim is live.
     */
    static final String RENEW_OWN = """
            INSERT INTO mqtt_session_lease (client_id, shared_group, holder, expires_at, renewed_at)
            VALUES (?, ?, ?, now() + ? * interval '1 millisecond', now())
            ON CONFLICT (client_id) DO UPDATE SET shared_group = excluded.shared_group, holder = excluded.holder,
                expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
            WHERE mqtt_session_lease.holder = excluded.holder OR mqtt_session_lease.expires_at < now()""";

    /**
     * Claims the longest-lapsed lease of the group that is not the claimant's own, for ttl; SKIP LOCKED so that two
     * peers sweeping at once claim different sessions. Parameters: claimant, ttl, group, claimant. Returns the
     * adopted client id, or no row.
     */
    static final String CLAIM = """
            UPDATE mqtt_session_lease l SET holder = ?, expires_at = now() + ? * interval '1 millisecond', renewed_at = now()
            WHERE l.client_id = (SELECT client_id FROM mqtt_session_lease
                                 WHERE shared_group = ? AND client_id <> ? AND expires_at < now()
                                 ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING l.client_id""";

    /** The adopter keeps its claim while it drains. Parameters: ttl, client id, holder. Updates 0 rows if lost. */
    static final String RENEW_CLAIM = """
            UPDATE mqtt_session_lease SET expires_at = now() + ? * interval '1 millisecond', renewed_at = now()
            WHERE client_id = ? AND holder = ?""";

    /** The session is drained and ended: its lease goes. Parameters: client id, holder. */
    static final String RELEASE = "DELETE FROM mqtt_session_lease WHERE client_id = ? AND holder = ?";

    /**
     * A lease as seen now, for a watcher (the load test waits until a dead instance's lease is gone: its session
     * drained and ended). Parameters: client id. Returns holder, whether it has lapsed, and seconds until (negative:
     * since) it expires, by the database's clock.
     */
    static final String FIND = """
            SELECT holder, expires_at < now(), extract(epoch FROM expires_at - now()) FROM mqtt_session_lease
            WHERE client_id = ?""";
}
