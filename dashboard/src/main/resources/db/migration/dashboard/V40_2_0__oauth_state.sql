-- A consent request in flight (Enedis Data Connect): the SHA-256 of the random `state` sent to the utility, bound to
-- the session that asked, so that the callback can check the answer comes back to that very session (no CSRF).
CREATE TABLE oauth_state (
    state_hash    bytea PRIMARY KEY,
    provider      text NOT NULL,
    session_hash  bytea NOT NULL REFERENCES user_session (token_hash) ON DELETE CASCADE,
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX oauth_state_expiry_idx ON oauth_state (expires_at);
