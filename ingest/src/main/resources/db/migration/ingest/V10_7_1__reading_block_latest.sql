-- The meter's latest block by day (issue #17: Readings.latest — the overview, the sources page, the live page — asks
-- for a meter's latest reading over all its channels). Blocks are whole UTC days, so the latest reading held in
-- blocks is in a block of the meter's latest day: one probe of this index finds that day, and its ~20 entries (one a
-- channel) carry last_instant, so the answer is read from the index alone (index-only scan). The primary key
-- (meter_id, channel, day) needed a loose scan of every channel, two probes each. ~32 bytes an entry, one entry per
-- meter, channel and day: ~0.3 MB per meter-year beside the 7.7 MB of blocks (docs/benchmarks.md, "Compact raw history").
CREATE INDEX reading_block_meter_day ON reading_block (meter_id, day) INCLUDE (last_instant);
