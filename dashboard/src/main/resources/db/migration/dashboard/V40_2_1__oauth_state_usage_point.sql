-- The usage point (PRM) the household asked to connect when it started the consent: the callback must come back with
-- this very PRM (the browser carries the callback's parameters, so it cannot be trusted to name it).
DELETE FROM oauth_state;
ALTER TABLE oauth_state ADD COLUMN usage_point_id text NOT NULL;
