-- Seamline workspace, schema 8: each company sees the project from its own side, and acts
-- only for its own side.

-- Which company (stored side: `ours` is the company that created the project) this device is
-- with in each project, and which of that company's people its user is. Local: every device
-- says it for itself, and tells the others in its device.json.
CREATE TABLE memberships (
    project_id TEXT PRIMARY KEY NOT NULL,
    side       TEXT NOT NULL,
    person_id  TEXT
) STRICT;

-- The company each other device of a shared project said it is with (its device.json),
-- pinned at first sight: a device's signatures count only for that company.
CREATE TABLE device_sides (
    project_id TEXT NOT NULL,
    device     TEXT NOT NULL,
    side       TEXT NOT NULL,
    PRIMARY KEY (project_id, device)
) STRICT;

-- A signature recorded for the other company (given by email or on paper): how it was given,
-- and who recorded it. Its row is the side's "recorded" row, apart from a signature made in
-- the app by the company itself.
ALTER TABLE signoffs ADD COLUMN recorded_how TEXT;
ALTER TABLE signoffs ADD COLUMN recorded_by TEXT;

-- Projects this device (under any of its ids) created are its company's projects.
INSERT INTO memberships (project_id, side)
SELECT p.id, 'ours' FROM projects p
WHERE EXISTS (
    SELECT 1 FROM ops o
    WHERE o.entity = 'project' AND o.row_id = p.id AND o.field = 'created_at'
      AND (o.device IN (SELECT value FROM meta WHERE key = 'device_id')
           OR o.device IN (SELECT j.value FROM meta m, json_each(m.value) j WHERE m.key = 'former_devices'))
);
