-- A later release's change, only for the backup tests: a backup of the schema before it restores into the one after.
ALTER TABLE bk_parent ADD COLUMN later text NOT NULL DEFAULT 'added later';
CREATE TABLE bk_later (id integer PRIMARY KEY);
INSERT INTO bk_later VALUES (11);
