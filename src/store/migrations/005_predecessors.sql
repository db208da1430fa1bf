-- Lineage: the units whose territory a locality took, as `CODE@VALID_FROM;…` (a predecessor that began
-- before the records is written `CODE`). Empty = none recorded.
ALTER TABLE locality ADD COLUMN predecessors TEXT NOT NULL DEFAULT '';
