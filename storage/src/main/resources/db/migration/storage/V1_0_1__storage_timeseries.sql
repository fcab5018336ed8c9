-- Registry of the tables that modules mark as time series. Storage turns each into a TimescaleDB hypertable
-- when the extension is present (see TimeSeriesTables).
CREATE TABLE storage_timeseries (
    table_name     text PRIMARY KEY,
    time_column    text NOT NULL,
    chunk_interval interval NOT NULL DEFAULT interval '7 days'
);
