-- Seamline workspace, schema 14: each company owns its side (issue 27).

-- A partner company that left a shared project: it is gone from that company's devices; the
-- company that created the project sees that it left, and when.
ALTER TABLE projects ADD COLUMN partner_left_at TEXT;

-- A company's suggestion of a change to a fact the other company owns (a new contact, a
-- corrected email, a RACI letter): the owning company accepts it (the change becomes its own
-- edit) or declines it. Synced like any row.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    -- What it changes: the entity and row (a new row's id for an addition), the fields with
    -- their values as a JSON object; the company that suggests it, and who; open, accepted or
    -- declined, and by whom.
    entity TEXT, row_id TEXT, changes TEXT, by_side TEXT, by_person TEXT, note TEXT,
    state TEXT, decided_at TEXT, decided_by TEXT, created_at TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX proposals_by_project ON proposals (project_id);

-- The portfolio also counts, per project, the open blockers waiting on this device's company
-- and the ones its user owns or that were escalated to them: with those columns in the index
-- of open blockers, its counts read the index alone, never the blocker rows (issue 29: the
-- list had become a dozen milliseconds).
DROP INDEX blockers_open;
CREATE INDEX blockers_open ON blockers (project_id, class, opened, deleted, resolved_on, waiting_on, owner_id, escalated_to)
    WHERE deleted = 0 AND resolved_on IS NULL;

-- The devices that wrote each project, with when this workspace last received an edit from
-- each (this device's own last write for itself): kept as edits arrive, once per file or
-- write, so the Sync screen's device list no longer reads every op of the project (issue 29).
CREATE TABLE device_activity (
    project_id TEXT NOT NULL,
    device     TEXT NOT NULL,
    last_seen  INTEGER,
    PRIMARY KEY (project_id, device)
) STRICT;
INSERT INTO device_activity (project_id, device, last_seen)
    SELECT project_id, device, max(seen_at) FROM ops GROUP BY project_id, device;
