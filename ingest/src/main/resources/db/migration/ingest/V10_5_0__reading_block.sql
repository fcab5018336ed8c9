-- Compacted raw readings (issue #17, docs/architecture.md "Compact raw history"): one row per meter, channel and UTC
-- day holding that day's readings in `data` (ingest's BlockCodec: delta-of-delta instants and delta values as zigzag
-- varints, columnar, deflated) — 1-2 bytes a reading instead of ~110 as `reading` rows. The writer keeps writing
-- `reading` (the hot table: acknowledgement after commit, the natural key, quarantine unchanged); the compactor
-- (ReadingCompactor) folds each closed day of it into its block, in one transaction with the delete of the folded
-- rows. Readers merge both (ingest.query: Readings, ReadingCopy; a block's value wins when both hold an instant).
-- first_instant / last_instant / readings let the readers answer "last", "latest", "count" and range bounds without
-- decoding.
CREATE TABLE reading_block (
    meter_id       integer     NOT NULL,
    channel        text        NOT NULL,
    day            timestamptz NOT NULL,
    first_instant  timestamptz NOT NULL,
    last_instant   timestamptz NOT NULL,
    readings       integer     NOT NULL,
    data           bytea       NOT NULL,
    PRIMARY KEY (meter_id, channel, day)
);
-- Already deflated: PostgreSQL's TOAST compression would only spend CPU (stored out of line when large, uncompressed).
ALTER TABLE reading_block ALTER COLUMN data SET STORAGE EXTERNAL;
-- A hypertable on TimescaleDB (28-day chunks: ~10 channels x 28 rows per meter each), dropped by whole chunks by the
-- retention like `reading`.
INSERT INTO storage_timeseries (table_name, time_column, chunk_interval) VALUES ('reading_block', 'day', interval '28 days');

-- No foreign key to meter, as `reading` (V10_2_0): deleting a meter deletes its blocks with its rows.
CREATE OR REPLACE FUNCTION reading_delete_for_meter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM reading WHERE meter_id = OLD.id;
    DELETE FROM reading_block WHERE meter_id = OLD.id;
    RETURN OLD;
END
$$;
