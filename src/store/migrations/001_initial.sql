-- antq schema, version 1.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Codes are reused by successors, so (code, valid_from) is the natural key; id is internal.
CREATE TABLE locality (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,            -- NFC
    name_key    TEXT NOT NULL,            -- folded: NFD, no marks, đ→d, lower-case
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    parent_code TEXT,                     -- the parent valid at the same time
    valid_from  TEXT,                     -- ISO date; NULL = before the records
    valid_to    TEXT                      -- ISO date, inclusive; NULL = still valid
);
CREATE UNIQUE INDEX locality_natural_key ON locality (code, coalesce(valid_from, ''));
CREATE INDEX locality_parent ON locality (parent_code);

-- One row per locality and report year. NULL = not reported (distinct from 0).
CREATE TABLE assessment (
    year                         INTEGER NOT NULL,
    locality_id                  INTEGER NOT NULL REFERENCES locality (id),
    residential_areas_total      INTEGER CHECK (residential_areas_total >= 0),
    residential_areas_recognized INTEGER CHECK (residential_areas_recognized >= 0),
    commune_recognized           INTEGER CHECK (commune_recognized IN (0, 1)),
    police_advanced              INTEGER CHECK (police_advanced IN (0, 1)),
    agencies_total               INTEGER CHECK (agencies_total >= 0),
    agencies_recognized          INTEGER CHECK (agencies_recognized >= 0),
    schools_total                INTEGER CHECK (schools_total >= 0),
    schools_recognized           INTEGER CHECK (schools_recognized >= 0),
    models                       INTEGER CHECK (models >= 0),
    PRIMARY KEY (year, locality_id)
) WITHOUT ROWID;

-- Identified by (year, decision_no, recipient).
CREATE TABLE award (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL,
    form           TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('collective', 'individual')),
    recipient      TEXT NOT NULL,         -- NFC, trimmed
    locality_id    INTEGER REFERENCES locality (id),
    decision_no    TEXT NOT NULL,
    decision_date  TEXT NOT NULL,         -- ISO
    note           TEXT NOT NULL DEFAULT '',
    UNIQUE (year, decision_no, recipient)
);
CREATE INDEX award_year ON award (year);

-- Identified by (year, locality, category, text).
CREATE TABLE limitation (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    locality_id INTEGER NOT NULL REFERENCES locality (id),
    category    TEXT NOT NULL,
    text        TEXT NOT NULL,
    remedy      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved')),
    UNIQUE (year, locality_id, category, text)
);
CREATE INDEX limitation_year ON limitation (year);

-- Per district and report year: draft → submitted → approved (→ reopened = draft again, audited).
CREATE TABLE workflow (
    year          INTEGER NOT NULL,
    district_code TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved')),
    changed_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, district_code)
) WITHOUT ROWID;

-- Operating-system logins and what they may do.
CREATE TABLE app_user (
    login         TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'province')),
    district_code TEXT,
    CHECK ((role = 'clerk') = (district_code IS NOT NULL))
);

-- Append-only: one row per changed field; each row carries the hash of its predecessor.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,          -- UTC, ISO 8601
    os_user       TEXT NOT NULL,
    source        TEXT NOT NULL,          -- tui, import, undo, cli, demo, synthetic
    entity        TEXT NOT NULL,          -- assessment, locality, award, limitation, workflow, user
    year          INTEGER,
    locality_code TEXT,
    record        TEXT,                   -- which award/limitation/locality version
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_cell ON audit_log (year, locality_code, field);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
