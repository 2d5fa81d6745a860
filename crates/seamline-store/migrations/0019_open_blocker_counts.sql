-- Seamline workspace, schema 19: every project's open blockers counted as they change, by the
-- company they wait on, their owner and whom they were escalated to (issue 29: `project list`
-- on 50 projects read every open blocker's index entry to count them, two thirds of its own
-- work). The project list reads these few rows instead; which of them are "waiting on my
-- company" or "mine" is still decided when read (`seamline_core::blocker::is_mine`), since
-- that depends on this device's membership, not on the blockers.
--
-- Kept by triggers on the `blockers` projection when a row changes or goes, so every path
-- that does either (an edit, a batch from a shared folder, a refusal's re-projection, removing
-- a project's rows) keeps the counts with it. A row's arrival is counted by the projection
-- itself (`oplog::open_counts`), a batch's at once: a trigger on INSERT makes SQLite journal
-- every insert's pages in case it fails halfway, which cost an import of 20,000 blockers a
-- third more time. A rebuild counts them all again at its end.
-- A missing value is counted under '' (the key is unique, and NULLs would never match in it):
-- '' is no company's name and no person's id, so it counts exactly as the missing value does.
CREATE TABLE open_blocker_counts (
    project_id   TEXT    NOT NULL,
    waiting_on   TEXT    NOT NULL,
    owner_id     TEXT    NOT NULL,
    escalated_to TEXT    NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (project_id, waiting_on, owner_id, escalated_to)
) STRICT, WITHOUT ROWID;

INSERT INTO open_blocker_counts (project_id, waiting_on, owner_id, escalated_to, n)
SELECT coalesce(project_id, ''), coalesce(waiting_on, ''), coalesce(owner_id, ''), coalesce(escalated_to, ''), count(*)
FROM blockers WHERE deleted = 0 AND resolved_on IS NULL
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER open_blocker_counts_delete AFTER DELETE ON blockers
WHEN old.deleted = 0 AND old.resolved_on IS NULL
BEGIN
    UPDATE open_blocker_counts SET n = n - 1
    WHERE project_id = coalesce(old.project_id, '') AND waiting_on = coalesce(old.waiting_on, '')
      AND owner_id = coalesce(old.owner_id, '') AND escalated_to = coalesce(old.escalated_to, '');
    DELETE FROM open_blocker_counts
    WHERE project_id = coalesce(old.project_id, '') AND waiting_on = coalesce(old.waiting_on, '')
      AND owner_id = coalesce(old.owner_id, '') AND escalated_to = coalesce(old.escalated_to, '') AND n <= 0;
END;

-- An update is the old row leaving and the new one arriving, each only if open; the projection
-- writes one column at a time, so most updates leave the key as it was and are skipped.
CREATE TRIGGER open_blocker_counts_update
AFTER UPDATE OF project_id, waiting_on, owner_id, escalated_to, deleted, resolved_on ON blockers
WHEN (old.deleted = 0 AND old.resolved_on IS NULL) IS NOT (new.deleted = 0 AND new.resolved_on IS NULL)
  OR (new.deleted = 0 AND new.resolved_on IS NULL
      AND (old.project_id IS NOT new.project_id OR old.waiting_on IS NOT new.waiting_on
           OR old.owner_id IS NOT new.owner_id OR old.escalated_to IS NOT new.escalated_to))
BEGIN
    UPDATE open_blocker_counts SET n = n - 1
    WHERE old.deleted = 0 AND old.resolved_on IS NULL
      AND project_id = coalesce(old.project_id, '') AND waiting_on = coalesce(old.waiting_on, '')
      AND owner_id = coalesce(old.owner_id, '') AND escalated_to = coalesce(old.escalated_to, '');
    DELETE FROM open_blocker_counts
    WHERE project_id = coalesce(old.project_id, '') AND waiting_on = coalesce(old.waiting_on, '')
      AND owner_id = coalesce(old.owner_id, '') AND escalated_to = coalesce(old.escalated_to, '') AND n <= 0;
    INSERT INTO open_blocker_counts (project_id, waiting_on, owner_id, escalated_to, n)
    SELECT coalesce(new.project_id, ''), coalesce(new.waiting_on, ''), coalesce(new.owner_id, ''),
           coalesce(new.escalated_to, ''), 1
    WHERE new.deleted = 0 AND new.resolved_on IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
