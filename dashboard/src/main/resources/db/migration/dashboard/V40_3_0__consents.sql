-- Energy advisors and Self Data consent (issue #15).

-- The code an advisor gives a household so that it can find the advisor and grant it access (no directory of
-- advisors is shown to households). Ten characters of a 32-letter alphabet; every existing advisor gets one.
ALTER TABLE app_user ADD COLUMN advisor_code text;
UPDATE app_user SET advisor_code = upper(substr(translate(encode(decode(md5(random()::text || id::text || clock_timestamp()::text), 'hex'), 'base64'),
        '+/=01OIl', 'ABCDEFGH'), 1, 10)) WHERE role = 'ADVISOR';
CREATE UNIQUE INDEX app_user_advisor_code_idx ON app_user (advisor_code);

-- The consent table of V40_1_0 (never written before this issue) gets what a consent says: the fluids (scope, comma
-- separated), the finest granularity (month, day, half_hour), the half-hour opt-in the CNIL asks for load curves, the
-- dates of data it covers [data_from, data_to), and when it last changed. A consent without a period or an expiry
-- covers nothing (the Java side reads it so).
ALTER TABLE consent
    ADD COLUMN half_hour_opt_in boolean NOT NULL DEFAULT false,
    ADD COLUMN data_from date,
    ADD COLUMN data_to date,
    ADD COLUMN updated_at timestamptz;
CREATE INDEX consent_advisor_idx ON consent (advisor_id);

-- Every grant, narrowing, revocation, replacement and expiry of a consent, with the terms after it: shown to the
-- household and to the advisor, exported with the household, erased with it.
CREATE TABLE consent_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consent_id    bigint NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    at            timestamptz NOT NULL,
    action        text NOT NULL CHECK (action IN ('granted', 'narrowed', 'revoked', 'replaced', 'expired')),
    actor_login   text,
    terms         text NOT NULL
);
CREATE INDEX consent_event_consent_idx ON consent_event (consent_id, at);
CREATE INDEX consent_event_household_idx ON consent_event (household_id, at);

-- Which consent an access-log entry was made under (no foreign key: the log outlives a consent, like its other columns).
ALTER TABLE audit_event ADD COLUMN consent_id bigint;

-- Households that take part in "similar homes": their totals count (as aggregates of at least 5 homes, never alone)
-- in the cohorts of households with a similar profile, and they see the cohort card themselves.
CREATE TABLE similar_homes_member (
    household_id  text PRIMARY KEY REFERENCES household (id) ON DELETE CASCADE,
    joined_at     timestamptz NOT NULL
);
