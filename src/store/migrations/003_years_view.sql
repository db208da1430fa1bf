-- The Years view: a district's or a commune's rows over 30 years by index, not by a scan of every row.
CREATE INDEX assessment_locality ON assessment (locality_id, year);

-- The province's sums per report year, derived data for the Years view (a whole country's 30 years
-- would otherwise be a scan of every row each time). Not audited: it is recomputed from the audited
-- tables. Every write transaction (store::Writer, Store::load_dataset) drops the years it touched
-- before it commits — all of them when a locality changes — so an entry is either right or absent.
-- (Row triggers did the same but cost 1 s per 100,000 imported rows.)
CREATE TABLE province_year_cache (
    year                         INTEGER PRIMARY KEY,
    rows                         INTEGER NOT NULL,
    residential_areas_total      INTEGER NOT NULL,
    residential_areas_recognized INTEGER NOT NULL,
    communes_recognized          INTEGER NOT NULL,
    agencies_total               INTEGER NOT NULL,
    agencies_recognized          INTEGER NOT NULL,
    schools_total                INTEGER NOT NULL,
    schools_recognized           INTEGER NOT NULL,
    models                       INTEGER NOT NULL,
    collectives                  INTEGER NOT NULL,
    individuals                  INTEGER NOT NULL,
    open_limitations             INTEGER NOT NULL
);
