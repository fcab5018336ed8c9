-- The gateway registry (issue #14): which gateway feeds which meter, through which firmware and MQTT topic, with its own
-- broker account. Only a hash of the account's password is kept (Mosquitto's PBKDF2-SHA512 "$7$" form, so that the
-- password file is written from it); the password itself is shown once, when made.
CREATE TABLE gateway (
    id                text PRIMARY KEY,
    -- A meter's removal takes its gateways with it (a household's erasure must not be stopped by them); the CLI's
    -- `meter remove` refuses a meter that still has one, so that it is never a surprise.
    meter_id          integer NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    meter_serial      text NOT NULL,
    firmware          text NOT NULL CHECK (firmware IN ('tasmota', 'esphome', 'teleinfo2mqtt', 'zlinky', 'raw')),
    tic_mode          text NOT NULL CHECK (tic_mode IN ('auto', 'historique', 'standard')),
    topic             text NOT NULL UNIQUE,
    username          text NOT NULL UNIQUE,
    password_hash     text NOT NULL,
    state             text NOT NULL DEFAULT 'new'
                      CHECK (state IN ('new', 'receiving', 'silent', 'wrong-meter', 'wrong-mode', 'bad-credentials')),
    last_seen         timestamptz,
    secret_rotated_at timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gateway_meter_idx ON gateway (meter_id);
