-- People and their access (DESIGN §3, §7): accounts, sessions, invitations, sign-in throttling, consents, audit.

-- An account. household_id is set for HOUSEHOLD accounts only; deleting the household deletes its accounts.
CREATE TABLE app_user (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login               text NOT NULL,
    display_name        text,
    role                text NOT NULL CHECK (role IN ('HOUSEHOLD', 'ADVISOR', 'INSTALLER', 'OPERATOR')),
    household_id        text REFERENCES household (id) ON DELETE CASCADE,
    password_hash       text NOT NULL,
    locale              text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'HOUSEHOLD') = (household_id IS NOT NULL))
);
CREATE UNIQUE INDEX app_user_login_idx ON app_user (lower(login));
CREATE INDEX app_user_household_idx ON app_user (household_id);

-- A signed-in session. Only the SHA-256 of the cookie's token is stored, so a copy of the table signs no one in.
CREATE TABLE user_session (
    token_hash    bytea PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    idle_expires  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);
CREATE INDEX user_session_expiry_idx ON user_session (expires_at);

-- An invitation link: whoever opens it before it expires chooses a login and password for the given role.
CREATE TABLE user_invitation (
    token_hash    bytea PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('HOUSEHOLD', 'ADVISOR', 'INSTALLER', 'OPERATOR')),
    household_id  text REFERENCES household (id) ON DELETE CASCADE,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    used_by       bigint REFERENCES app_user (id) ON DELETE SET NULL,
    CHECK ((role = 'HOUSEHOLD') = (household_id IS NOT NULL))
);

-- Failed sign-ins, per account and per address, counted over a sliding window (shared by every instance).
CREATE TABLE sign_in_failure (
    subject  text NOT NULL,
    at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sign_in_failure_idx ON sign_in_failure (subject, at);

-- A household's consent for an advisor to read its data (used by the advisor issue; erased with the household).
CREATE TABLE consent (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    advisor_id    bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    scope         text NOT NULL,
    granularity   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX consent_household_idx ON consent (household_id);

-- Who read or changed what. No foreign keys: the trail (a tombstone) outlives an erased household or account.
CREATE TABLE audit_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    household_id  text,
    actor_id      bigint,
    actor_login   text,
    actor_role    text,
    action        text NOT NULL,
    resource      text,
    address       text,
    detail        text
);
CREATE INDEX audit_event_household_idx ON audit_event (household_id, at);
