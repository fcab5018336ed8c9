-- What a meter says about itself on its TIC (#16; meter-drivers' TicFacts, ingest's pipeline.MeterFactsLearner):
-- its subscription and its daily maxima. Written once per change, never once per frame: a meter repeats these groups
-- every second or two.
--
-- meter_contract: the subscription as learned, one row per change (the history of what the meter announced). The
-- current one is the latest learned_at. The typed subscription (meter.subscribed_kva, meter.tariff_option) stays as
-- the household or the installer gave it; the dashboard shows both and says which one the figures use.
CREATE TABLE meter_contract (
    meter_id      integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    learned_at    timestamptz NOT NULL,            -- the instant of the first frame that told this value
    kva           smallint    CHECK (kva BETWEEN 1 AND 36),
    tariff_option text        CHECK (tariff_option IN ('BASE', 'HPHC', 'TEMPO', 'EJP')),
    source        text        NOT NULL,            -- 'tic' (a later contract API would be 'enedis')
    PRIMARY KEY (meter_id, learned_at)
);

-- meter_daily_max: the meter's own maximum apparent power of a day (standard SMAXSN, final with SMAXSN-1), total
-- (phase 0) and per phase, with the instant it was reached. day is the local day (the household's zone) of that instant.
CREATE TABLE meter_daily_max (
    meter_id   integer     NOT NULL REFERENCES meter (id) ON DELETE CASCADE,
    day        date        NOT NULL,
    phase      smallint    NOT NULL CHECK (phase BETWEEN 0 AND 3),
    va         integer     NOT NULL CHECK (va >= 0),
    reached_at timestamptz NOT NULL,
    PRIMARY KEY (meter_id, day, phase)
);
