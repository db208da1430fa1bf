-- Distinct recipients per year and kind ("268 collectives and 178 individuals commended") as an
-- index-only count: the Years view counts them for 30 years at once.
CREATE INDEX award_recipients ON award (year, recipient_kind, recipient);
