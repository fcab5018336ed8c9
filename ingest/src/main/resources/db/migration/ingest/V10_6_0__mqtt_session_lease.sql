-- Lossless failover on a shared MQTT subscription (docs/operations.md, "Several ingest instances"): each ingest
-- instance holds a lease on its MQTT client id and renews it; a live peer of the same shared group adopts the session
-- of an instance whose lease has lapsed (it connects with that client id, drains what the broker queued for it,
-- acknowledging after commit, then ends the session) and deletes the row. Expiry is judged by the database's clock:
-- one clock for every instance, whatever their hosts' drift.
CREATE TABLE mqtt_session_lease (
    client_id    text        PRIMARY KEY,
    shared_group text        NOT NULL,
    holder       text        NOT NULL, -- the client id of the instance holding it: the owner, or the peer draining it
    expires_at   timestamptz NOT NULL,
    renewed_at   timestamptz NOT NULL
);
CREATE INDEX mqtt_session_lease_group ON mqtt_session_lease (shared_group, expires_at);
