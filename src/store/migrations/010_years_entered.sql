-- The Years view's mark on a year not fully entered: per report year, the units of the year and how
-- many of them report every field the year's rule set asks (`domain::completeness`). Derived data
-- like province_year_cache, dropped with it by every write transaction for the years it touched (all
-- of them when a locality changes), so an entry is either right or absent. Keyed by the fields asked
-- as well, written out ("commune:…;own:…"): a rule set changed in the configuration finds no entry
-- made for another and counts again.
CREATE TABLE year_entered_cache (
    year    INTEGER NOT NULL,
    fields  TEXT NOT NULL,
    units   INTEGER NOT NULL,
    entered INTEGER NOT NULL,
    PRIMARY KEY (year, fields)
) WITHOUT ROWID;
