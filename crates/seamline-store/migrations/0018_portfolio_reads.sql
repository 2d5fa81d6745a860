-- Seamline workspace, schema 18: what the portfolio's first computation reads (issue 29: it had
-- become 1.75 times what it was at `aaa05f1`).
--
-- 1. When each acceptance criterion was written: the shown time (ms, as `clocks::SHOWN_MS`
--    computes it) of the first op of its `text`, which every creation of a criterion writes.
--    The burn-down starts at the first v1 criterion's; reading it from the op log cost one
--    index seek per criterion, a fifth of the portfolio. Kept by the projection as ops arrive
--    (`Entity::written_by`), the earliest of them whatever order they come in.
ALTER TABLE criteria ADD COLUMN written INTEGER;
UPDATE criteria SET written = (
    SELECT min(min(coalesce(o.made_at, o.hlc >> 16), coalesce(o.seen_at, o.made_at, o.hlc >> 16)))
    FROM ops o WHERE o.entity = 'criterion' AND o.row_id = criteria.id AND o.field = 'text'
);

-- 2. The open blockers' index in the order the portfolio groups them (class, day opened,
--    company waited on), so its tally reads them in order instead of sorting them per project.
--    `deleted` and `resolved_on` are the same in every entry (the index holds only open
--    blockers) and stay last, so that it still covers the queries that name them.
DROP INDEX blockers_open;
CREATE INDEX blockers_open ON blockers (project_id, class, opened, waiting_on, owner_id, escalated_to, deleted, resolved_on)
    WHERE deleted = 0 AND resolved_on IS NULL;
