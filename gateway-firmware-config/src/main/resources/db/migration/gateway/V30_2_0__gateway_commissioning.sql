-- Commissioning (issue #14): what ingest sees of each registered gateway, written by ingest every few seconds as one
-- batch of increments (never one statement per message), from which the gateway's state is derived and stored.
-- last_seen (V30_1_0) now means the last message on the gateway's topic, accepted or not: a gateway wired to the wrong
-- meter is seen, and says so.
ALTER TABLE gateway
    ADD COLUMN first_seen             timestamptz,
    -- messages received on its topic since it was registered, those that failed to decode or lost groups to a bad
    -- checksum, length or charset, and those that named another meter
    ADD COLUMN messages               bigint  NOT NULL DEFAULT 0,
    ADD COLUMN bad_messages           bigint  NOT NULL DEFAULT 0,
    ADD COLUMN foreign_messages       bigint  NOT NULL DEFAULT 0,
    -- readings of its messages accepted: committed by the writer, or thinned out by downsampling
    ADD COLUMN readings_stored        bigint  NOT NULL DEFAULT 0,
    -- the same counts over ingest's last minute (set, not added: the error rate of now, not of the installation day)
    ADD COLUMN recent_messages        integer NOT NULL DEFAULT 0,
    ADD COLUMN recent_bad_messages    integer NOT NULL DEFAULT 0,
    -- the TIC mode of its last decoded frame, and the meter id (ADCO/ADSC) its last message named
    ADD COLUMN mode_seen              text CHECK (mode_seen IN ('historique', 'standard')),
    ADD COLUMN meter_seen             text,
    -- the values of its last message with readings, as ingest decoded them (channel=value, one per line), before
    -- downsampling: what the checklist shows at once, while the stored rows may wait for the meter's slot
    ADD COLUMN last_values            text,
    -- the last fault of a message (malformed, foreign_meter, ...) with its detail, for the diagnosis
    ADD COLUMN last_fault             text,
    ADD COLUMN last_fault_detail      text,
    ADD COLUMN last_fault_at          timestamptz,
    -- when a connection with its credentials was last refused by the broker (found by `gateway watch`: Mosquitto logs
    -- a refused CONNECT without its user name, so ingest cannot tell whose it was)
    ADD COLUMN credentials_refused_at timestamptz,
    ADD COLUMN state_changed_at       timestamptz;
