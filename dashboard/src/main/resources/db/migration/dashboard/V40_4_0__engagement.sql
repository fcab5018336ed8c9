-- Issue #16, engagement: alerts (in the app and by e-mail), monthly report e-mails, ecogestures, challenges, budget.
-- Every table refers to the household (ON DELETE CASCADE): erasing a household erases all of it; each is in its export.

-- A household's choices: which alerts, whether to e-mail them and where, the monthly report e-mail, the monthly budget.
-- No row: every alert in the app, no e-mail, no budget.
CREATE TABLE engagement_settings (
    household_id  text PRIMARY KEY REFERENCES household (id) ON DELETE CASCADE,
    alert_kinds   text[] NOT NULL,
    email_alerts  boolean NOT NULL DEFAULT false,
    email         text CHECK (email IS NULL OR length(email) <= 254),
    report_email  boolean NOT NULL DEFAULT false,
    budget_eur    numeric(10, 2) CHECK (budget_eur IS NULL OR budget_eur > 0),
    updated_at    timestamptz NOT NULL
);

-- One row per occurrence of a condition (UNIQUE: the job may see the same condition on every run, it is raised once).
-- mail: none (e-mail off), pending, sent, rate_limited (too many mails in the day: shown in the app only), failed.
CREATE TABLE household_alert (
    id            bigserial PRIMARY KEY,
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('LEAK', 'UNUSUAL', 'NO_DATA', 'TEMPO_RED', 'BUDGET')),
    occurrence    text NOT NULL,
    raised_at     timestamptz NOT NULL,
    detail        jsonb NOT NULL,
    mail          text NOT NULL CHECK (mail IN ('none', 'pending', 'sent', 'rate_limited', 'failed')),
    mail_attempts integer NOT NULL DEFAULT 0,
    mailed_at     timestamptz,
    seen_at       timestamptz,
    UNIQUE (household_id, kind, occurrence)
);
CREATE INDEX household_alert_recent ON household_alert (household_id, raised_at DESC);

-- The monthly report e-mails sent (one per household and month).
CREATE TABLE report_mail (
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    month         date NOT NULL,
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (household_id, month)
);

-- What the household said of an ecogesture of the catalogue (dashboard/ecogestures.json): done, or not for me.
CREATE TABLE ecogesture_choice (
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    gesture       text NOT NULL,
    status        text NOT NULL CHECK (status IN ('done', 'not_for_me')),
    decided_at    timestamptz NOT NULL,
    PRIMARY KEY (household_id, gesture)
);

-- A challenge: consume target_pct % less of a fluid over [starts_on, ends_on) than the usual week (baseline, from the
-- 28 days before the start). The result is written once the last day's data is in (or the challenge given up).
CREATE TABLE challenge (
    id            bigserial PRIMARY KEY,
    household_id  text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    fluid         text NOT NULL CHECK (fluid IN ('ELECTRICITY', 'GAS', 'WATER')),
    target_pct    integer NOT NULL CHECK (target_pct BETWEEN 1 AND 50),
    starts_on     date NOT NULL,
    ends_on       date NOT NULL CHECK (ends_on > starts_on),
    baseline      double precision NOT NULL CHECK (baseline >= 0),
    created_at    timestamptz NOT NULL,
    result        text CHECK (result IN ('won', 'lost', 'abandoned')),
    result_quantity double precision,
    decided_at    timestamptz
);
-- One challenge under way per household and fluid.
CREATE UNIQUE INDEX challenge_open ON challenge (household_id, fluid) WHERE result IS NULL;
