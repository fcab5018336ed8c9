-- Rollups (DESIGN §5): consumption per meter, bucket and tariff period, recomputed from raw readings and replaced,
-- never incremented. granularity: 0 half-hour, 1 day, 2 month, 3 year (local calendar of the household).
-- period: a tariff period (BASE, HP, HC, TEMPO_BLUE_HC, ...), 'total' (sum over periods) or, on day/month/year
-- rows, 'subscription' (the subscription prorated per day: quantity 0, cost only).
-- quantity: Wh (electricity, gas energy) or litres (water); volume: gas litres (dm³).
-- cost_eur: euros TTC, NULL when a price was missing.
CREATE TABLE rollup (
    meter_id    integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    granularity smallint    NOT NULL CHECK (granularity BETWEEN 0 AND 3),
    start_at    timestamptz NOT NULL,
    local_start timestamp   NOT NULL,
    period      text        NOT NULL,
    quantity    bigint      NOT NULL,
    volume      bigint,
    cost_eur    numeric(20, 8),
    estimated   boolean     NOT NULL DEFAULT false,
    incomplete  boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (meter_id, granularity, start_at, period)
);
INSERT INTO storage_timeseries (table_name, time_column, chunk_interval) VALUES ('rollup', 'start_at', interval '90 days');

-- Dated price tables. component 'energy': amount in €/kWh (electricity, gas) or €/m³ (water) for one period;
-- component 'subscription': amount in €/year, period '*'. kva 0 = every subscription level. valid_to NULL = until the
-- next row of the same key starts. Seeded from prices/fr-prices.csv (sources there); the operator adds or corrects.
CREATE TABLE price (
    fluid         text          NOT NULL CHECK (fluid IN ('ELECTRICITY', 'GAS', 'WATER')),
    tariff_option text          NOT NULL,
    component     text          NOT NULL CHECK (component IN ('energy', 'subscription')),
    period        text          NOT NULL,
    kva           integer       NOT NULL DEFAULT 0,
    valid_from    timestamptz   NOT NULL,
    valid_to      timestamptz,
    amount        numeric(14, 6) NOT NULL CHECK (amount >= 0),
    source        text          NOT NULL,
    PRIMARY KEY (fluid, tariff_option, component, period, kva, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- Off-peak windows per meter, dated (they change, e.g. the 2025 reform), written like Enedis: 'HC (22H00-6H00)'.
CREATE TABLE meter_offpeak (
    meter_id   integer NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    valid_from date    NOT NULL,
    hours      text    NOT NULL,
    PRIMARY KEY (meter_id, valid_from)
);

-- What a TIC register means for a meter (standard EASFxx follow the supplier calendar); without a row the defaults of
-- the meter's tariff option apply.
CREATE TABLE meter_register_period (
    meter_id integer NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    register text    NOT NULL,
    period   text    NOT NULL,
    PRIMARY KEY (meter_id, register)
);

-- Tempo day colours (a Tempo day runs 06:00 -> 06:00 local, labelled with the date it starts).
CREATE TABLE tempo_day (
    day    date PRIMARY KEY,
    colour text NOT NULL CHECK (colour IN ('BLUE', 'WHITE', 'RED'))
);

-- Heating degree-days (DJU), imported as CSV date,dju, per zone (a weather station).
CREATE TABLE degree_day (
    zone text    NOT NULL DEFAULT 'default',
    day  date    NOT NULL,
    dju  numeric(6, 2) NOT NULL,
    PRIMARY KEY (zone, day)
);
