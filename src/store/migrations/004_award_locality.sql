-- The Years view of a district or a commune counts the awards of its units: by index, not by a scan
-- of every award of 30 years (national scale: 290 ms → under 1 ms for that query).
CREATE INDEX award_locality ON award (locality_id, year);
