-- A value's note: a short text and a follow-up flag on one cell (year, locality, field) of the
-- figures. A cell with neither has no row. Every change is audited (entity `value_note`, fields
-- `note.FIELD` and `follow_up.FIELD`).
CREATE TABLE value_note (
    year        INTEGER NOT NULL,
    locality_id INTEGER NOT NULL REFERENCES locality (id),
    field       TEXT NOT NULL CHECK (field IN ('residential_areas_total',
                    'residential_areas_recognized', 'commune_recognized', 'police_advanced',
                    'agencies_total', 'agencies_recognized', 'schools_total',
                    'schools_recognized', 'models')),
    note        TEXT NOT NULL DEFAULT '',  -- NFC, one line
    follow_up   INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,             -- UTC, RFC 3339
    CHECK (note <> '' OR follow_up = 1),
    PRIMARY KEY (year, locality_id, field)
) WITHOUT ROWID;
