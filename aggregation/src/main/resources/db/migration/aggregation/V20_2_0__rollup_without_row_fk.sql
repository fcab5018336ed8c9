-- The foreign key rollup.meter_id -> meter checked every COPYed row with its own lookup: half the cost of writing a
-- meter's rollups (docs/benchmarks.md). The recompute now takes the same lock the check took (FOR KEY SHARE on the
-- meter row) once per meter and transaction, so a meter cannot be deleted under it, and deleting a meter deletes its
-- rollups here, as ON DELETE CASCADE did.
ALTER TABLE rollup DROP CONSTRAINT rollup_meter_id_fkey;

CREATE FUNCTION rollup_delete_meter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup WHERE meter_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER rollup_delete_meter AFTER DELETE ON meter FOR EACH ROW EXECUTE FUNCTION rollup_delete_meter();
