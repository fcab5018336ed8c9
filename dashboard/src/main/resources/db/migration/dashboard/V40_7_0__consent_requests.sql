-- An advisor asking a household for access (issue #15): the advisor names the household by its login and proposes
-- terms; the household accepts (a consent on those terms, or narrower) or declines. The answer to the advisor is the
-- same whether or not the login is a household's (no directory of households through this door): household_id is set
-- only when it is, and only such requests are ever shown to a household.
CREATE TABLE consent_request (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    advisor_id        bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    addressed_to      text NOT NULL,
    household_id      text REFERENCES household (id) ON DELETE CASCADE,
    scope             text NOT NULL,
    granularity       text NOT NULL CHECK (granularity IN ('month', 'day', 'half_hour')),
    data_from         date NOT NULL,
    data_to           date NOT NULL,
    until_date        date NOT NULL,
    message           text,
    created_at        timestamptz NOT NULL,
    open_until        timestamptz NOT NULL,
    answered_at       timestamptz,
    answer            text CHECK (answer IN ('accepted', 'declined', 'withdrawn')),
    consent_id        bigint REFERENCES consent (id) ON DELETE SET NULL
);
CREATE INDEX consent_request_household_idx ON consent_request (household_id, created_at);
CREATE INDEX consent_request_advisor_idx ON consent_request (advisor_id, created_at);
