-- The Years view's commended collectives and individuals are counted as the report counts them: a
-- name is one recipient unless the birth years (else the units) tell its records apart
-- (`domain::award::recipients_by_kind`). The names whose awards carry more than one (birth year,
-- unit) are found on this index alone; the cached sums, counted by name, are dropped, to be counted
-- again when the view next asks.
DROP INDEX award_recipients;
CREATE INDEX award_recipients ON award (year, recipient_kind, recipient, birth_year, locality_id);
DELETE FROM province_year_cache;
