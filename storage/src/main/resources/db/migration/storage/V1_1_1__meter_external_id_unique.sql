-- A meter's external id (PRM or TIC serial, PCE, water meter number) belongs to at most one household at a time:
-- without this, one household could attach another's Linky and read its history (security issue, finding 1).
-- A database that already holds such a pair stops the upgrade and names it, rather than choosing a household silently.
DO $$
DECLARE
    dup record;
BEGIN
    SELECT fluid, external_id, string_agg(household_id || ' (meter ' || code || ')', ', ' ORDER BY created_at) AS holders
      INTO dup
      FROM meter WHERE external_id IS NOT NULL
     GROUP BY fluid, external_id HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the % meter % is registered to several households: %. Remove the meter that is not the household''s own (DELETE FROM meter WHERE code = ...), then start again',
            lower(dup.fluid), dup.external_id, dup.holders;
    END IF;
END $$;

DROP INDEX meter_external_idx;
CREATE UNIQUE INDEX meter_external_id_key ON meter (fluid, external_id);
