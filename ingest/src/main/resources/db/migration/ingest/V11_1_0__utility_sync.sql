-- Utility API sync state, one row per GAZPAR / ENEDIS_API / TELEO meter (issue #6).
-- cursor_day: every local day before it has been fetched and committed; it is advanced in the same transaction as
-- the readings of the window it covers, so a sync stopped at any point resumes there with no gap and no duplicate.
CREATE TABLE utility_sync (
    meter_id          integer     PRIMARY KEY REFERENCES meter (id) ON DELETE CASCADE,
    cursor_day        date,
    backfill_from     date,
    last_success      timestamptz,
    last_error        text,
    last_error_kind   text,
    last_error_at     timestamptz,
    next_run          timestamptz NOT NULL DEFAULT now(),
    running_since     timestamptz,
    progress_days     integer     NOT NULL DEFAULT 0,
    progress_total    integer     NOT NULL DEFAULT 0,
    last_run_readings integer,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX utility_sync_next_run_idx ON utility_sync (next_run);
