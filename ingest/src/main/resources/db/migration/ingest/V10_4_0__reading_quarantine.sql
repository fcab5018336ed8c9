-- Readings held out of `reading` because their instant or value cannot be trusted (docs/architecture.md,
-- "Quarantine"): an instant beyond now + the tolerance, before the meter's raw horizon, or a value no meter can produce.
-- Written by the writer in the same statement and transaction as the batch that brought them (so the source is
-- acknowledged after they are safe here), listed, released or dropped by an operator (`ecofoyer quarantine`).
-- One row per distinct reading: a redelivery, or a release that fails its checks again, updates reason and checked_at.
CREATE TABLE reading_quarantine (
    id           bigserial   PRIMARY KEY,
    meter_id     integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    channel      text        NOT NULL,
    instant      timestamptz NOT NULL,
    value        bigint      NOT NULL,
    reason       text        NOT NULL,
    source       text        NOT NULL,
    detail       text,
    received_at  timestamptz NOT NULL,
    checked_at   timestamptz NOT NULL,
    UNIQUE (meter_id, channel, instant, value)
);
CREATE INDEX reading_quarantine_reason ON reading_quarantine (reason, meter_id);
