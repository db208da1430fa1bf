//! The rules engine (filled in by the rules/aggregation work).
