-- Sealed packages between servers. This database's own id is meta 'database_id' (made on first need).

-- Every sealed package received, kept (the receiver keeps every chain head it has been sent): a
-- unit's package at the province, the province's answer at the unit. The newest row of a
-- (year, unit_code, kind) is that unit-year's provenance.
CREATE TABLE package_received (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    unit_code    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('unit', 'answer')),
    sender_id    TEXT NOT NULL,           -- the sending database's id
    sender_login TEXT NOT NULL,
    sent_at      TEXT NOT NULL,           -- UTC, ISO 8601, the sender's clock
    head_id      INTEGER NOT NULL,        -- the sender's audit chain head when it sealed
    head_hash    TEXT NOT NULL,
    state        TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    seal         TEXT NOT NULL,
    targets      TEXT NOT NULL DEFAULT '[]', -- an answer's targets, JSON
    received_at  TEXT NOT NULL,
    received_by  TEXT NOT NULL
);
CREATE INDEX package_received_unit ON package_received (year, unit_code, kind, id);
CREATE INDEX package_received_sender ON package_received (sender_id, head_id);

-- Heads of this database's own audit chain that the province acknowledged (from its answers):
-- `verify` checks that each is still there with the same hash.
CREATE TABLE chain_anchor (
    head_id         INTEGER NOT NULL,
    head_hash       TEXT NOT NULL,
    acknowledged_by TEXT NOT NULL,        -- the province database's id
    acknowledged_at TEXT NOT NULL,        -- the answer's time
    PRIMARY KEY (head_id, head_hash)
) WITHOUT ROWID;
