-- Seamline workspace, schema 10: an encrypted shared folder that no one can forge
-- (folder format 2; see docs/security.md). The store keeps keys and pins as bytes; the
-- cryptography is the sync crate's.

-- 1: a plaintext folder (format 1, shared before encryption); 2: an encrypted one.
ALTER TABLE sync_links ADD COLUMN format INTEGER NOT NULL DEFAULT 1;

-- The project's keys: they reach a device inside its invite, and later ones wrapped to its own
-- key when a device is removed. Each removal makes the next epoch's key (two removals at once
-- make two keys of one epoch; files name their key by its id). Never deleted: older files
-- stay readable.
CREATE TABLE project_keys (
    project_id TEXT NOT NULL,
    epoch      INTEGER NOT NULL,
    key        BLOB NOT NULL,
    PRIMARY KEY (project_id, epoch, key)
) STRICT;

-- Devices admitted to a project's encrypted folder, with their keys pinned at first sight.
-- Kept for good: a file deleted from the folder neither un-admits a device nor unpins its key.
-- `admitted_by` is NULL for the device that first shared the project (the root of trust).
CREATE TABLE trust_members (
    project_id  TEXT NOT NULL,
    device      TEXT NOT NULL,
    sign_pk     BLOB NOT NULL,
    kex_pk      BLOB NOT NULL,
    side        TEXT NOT NULL,
    admitted_by TEXT,
    invite_id   TEXT,
    admitted_at TEXT,
    PRIMARY KEY (project_id, device)
) STRICT;

-- Devices removed from a project (a lost laptop, someone who left): their edits stamped after
-- `cut_hlc` are refused. `kept` (a JSON list) names the devices it had admitted that stay.
CREATE TABLE trust_removals (
    project_id TEXT NOT NULL,
    device     TEXT NOT NULL,
    removed_by TEXT NOT NULL,
    removed_at TEXT NOT NULL,
    cut_hlc    INTEGER NOT NULL,
    kept       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (project_id, device)
) STRICT;
