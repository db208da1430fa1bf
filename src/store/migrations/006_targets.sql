-- The province's targets: province data, written by province users and audited like figures. The
-- configuration's targets only seed a database that holds none (meta `targets_seeded`).
CREATE TABLE target (
    year          INTEGER NOT NULL,
    category      TEXT NOT NULL
                  CHECK (category IN ('residential_areas', 'communes', 'agencies', 'schools')),
    locality_code TEXT,                   -- NULL = the province-wide target
    min_share     REAL NOT NULL CHECK (min_share >= 0 AND min_share <= 1),
    CHECK (locality_code IS NULL OR locality_code <> '')
);
CREATE UNIQUE INDEX target_key ON target (year, category, coalesce(locality_code, ''));
