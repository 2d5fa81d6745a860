-- Seamline workspace, schema 9: the cadence reminds.

-- The day the weekly status is due (a weekday); none means the business day before the sync.
ALTER TABLE projects ADD COLUMN status_day TEXT;

-- Per project, whether this device reminds its user of the weekly sync and the status day,
-- and the last day each reminder was raised (so it is raised once a day). Local: every device
-- decides for its own user.
CREATE TABLE reminders (
    project_id       TEXT PRIMARY KEY NOT NULL,
    enabled          INTEGER NOT NULL DEFAULT 1,
    last_weekly_sync TEXT,
    last_status_day  TEXT
) STRICT;
