-- Issue #16: the prices V20_3_0 seeds change the costs of days already rolled up on an existing store (costs missing
-- until now become known; the 2026-02-01 grid replaces the 2025-08-01 one where it ran on; a gas reference price is
-- valid for its month only). An operator's price change marks the meters of its fluid for recompute
-- (PriceStore.upsert, through storage's RecomputeMarks); a migration may use no application code, so this one leaves
-- the same mark with the same statement: every electricity and gas meter that has rollups, from the start of its
-- first year row (the recompute keeps and reprices what it can no longer rebuild from raw readings). A fresh store
-- has no rollups: nothing is marked.
INSERT INTO reading_dirty (meter_id, since)
SELECT id, first_year
  FROM (SELECT m.id, (SELECT min(r.start_at) FROM rollup r WHERE r.meter_id = m.id AND r.granularity = 3) AS first_year
          FROM meter m
         WHERE m.fluid IN ('ELECTRICITY', 'GAS')) AS f -- one index lookup per meter (rollup's key starts with meter_id)
 WHERE first_year IS NOT NULL
ON CONFLICT (meter_id) DO UPDATE SET since = least(reading_dirty.since, excluded.since), marked_at = clock_timestamp();
