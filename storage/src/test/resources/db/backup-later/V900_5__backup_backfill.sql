-- A later release's migration below the older release's newest version (a module's own range), only for the backup
-- tests: it adds a column and fills it for the rows already there, so it must run over the restored rows, not before.
ALTER TABLE sample_series ADD COLUMN quality text;
UPDATE sample_series SET quality = 'backfilled';
