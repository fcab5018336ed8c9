-- A sample time-series table, only for the storage tests: proves the hypertable mechanism.
CREATE TABLE sample_series (
    sensor  integer     NOT NULL,
    at      timestamptz NOT NULL,
    value   double precision NOT NULL,
    PRIMARY KEY (sensor, at)
);
INSERT INTO storage_timeseries (table_name, time_column, chunk_interval) VALUES ('sample_series', 'at', interval '1 day');
