-- Raw readings (DESIGN §3-4). The natural key makes redelivery harmless: a duplicate is ignored.
-- value is an integer in the channel's base unit: Wh for indexes and energies, VA or W for power, A, V, litres.
CREATE TABLE reading (
    meter_id  integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    channel   text        NOT NULL,
    instant   timestamptz NOT NULL,
    value     bigint      NOT NULL,
    PRIMARY KEY (meter_id, channel, instant)
);
INSERT INTO storage_timeseries (table_name, time_column, chunk_interval) VALUES ('reading', 'instant', interval '7 days');

-- What changed since the aggregator last looked: per meter, the earliest instant touched. Written in the same
-- transaction as the readings; the aggregator clears a row only if it is unchanged since it read it.
CREATE TABLE reading_dirty (
    meter_id   integer     PRIMARY KEY REFERENCES meter (id) ON DELETE CASCADE,
    since      timestamptz NOT NULL,
    marked_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Meter resets and replacements detected by index validation.
CREATE TABLE meter_event (
    meter_id  integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    instant   timestamptz NOT NULL,
    kind      text        NOT NULL,
    channel   text,
    detail    text,
    PRIMARY KEY (meter_id, instant, kind)
);
