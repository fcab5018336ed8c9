-- The core model every module refers to (DESIGN §3): households and their meters.
CREATE TABLE household (
    id          text PRIMARY KEY,
    name        text,
    timezone    text NOT NULL DEFAULT 'Europe/Paris',
    surface_m2  numeric(7, 1),
    occupants   integer,
    heating     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- id is a compact surrogate used by the time-series tables; code is the public identifier (CLI --meter-id, API).
CREATE TABLE meter (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    household_id   text NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    fluid          text NOT NULL CHECK (fluid IN ('ELECTRICITY', 'GAS', 'WATER')),
    kind           text NOT NULL CHECK (kind IN ('LINKY_TIC', 'ENEDIS_API', 'GAZPAR', 'TELEO')),
    external_id    text,
    tariff_option  text,
    subscribed_kva integer,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meter_household_idx ON meter (household_id);
CREATE INDEX meter_external_idx ON meter (external_id);
