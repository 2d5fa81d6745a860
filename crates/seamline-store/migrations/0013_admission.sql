-- Seamline workspace, schema 13: a shared folder no one can take over (issue 26).
--
-- Trust is settled from the signed records of the project's folder, kept here once verified
-- (so deleting or withholding a file later changes nothing, and each record is verified once):
-- the members, removals and keys follow from the records this workspace holds, whatever order
-- they arrived in.

-- Every record of an admitted device this workspace verified, by the hash of its bytes: a
-- thousand copies of one record are one row, verified once.
CREATE TABLE trust_records (
    project_id TEXT NOT NULL,
    hash       TEXT NOT NULL,
    device     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    PRIMARY KEY (project_id, hash)
) STRICT;

-- Which record a folder file held when it was last read (by its size and modification time):
-- an unchanged file is not read again.
CREATE TABLE record_files (
    project_id  TEXT NOT NULL,
    file        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (project_id, file)
) STRICT;

-- Rows settled from the records are rewritten at each sync (pinned = 0); the rows this
-- workspace trusts on its own (the device that shared the project, what an invite's anchor
-- named, members admitted before this schema) stay (pinned = 1).
ALTER TABLE trust_members ADD COLUMN pinned INTEGER NOT NULL DEFAULT 1;
ALTER TABLE trust_removals ADD COLUMN pinned INTEGER NOT NULL DEFAULT 1;

-- Edits refused after they were taken: a removed device's edits after its cut, once this
-- workspace learns of the removal. Kept (with the reason) but no longer in the log, so they
-- neither show nor win a conflict.
CREATE TABLE refused_ops (
    hlc         INTEGER NOT NULL,
    device      TEXT    NOT NULL,
    project_id  TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    row_id      TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc, device)
) STRICT, WITHOUT ROWID;

-- Projects this workspace has ever shared or joined encrypted: never written in plain text
-- again, into any folder.
CREATE TABLE encrypted_projects (
    project_id TEXT PRIMARY KEY
) STRICT;
INSERT OR IGNORE INTO encrypted_projects SELECT project_id FROM sync_links WHERE format = 2;
INSERT OR IGNORE INTO encrypted_projects SELECT DISTINCT project_id FROM project_keys;

-- Devices asking to join with an invite of this device's company: a claim that proves the
-- code, listed until someone of the company admits or refuses it (settled at each sync).
CREATE TABLE join_requests (
    project_id TEXT NOT NULL,
    device     TEXT NOT NULL,
    invite_id  TEXT NOT NULL,
    sign_pk    BLOB NOT NULL,
    kex_pk     BLOB NOT NULL,
    side       TEXT NOT NULL,
    asked_at   TEXT NOT NULL,
    -- Why it cannot be admitted (expired, already used, two devices used the code), if so.
    problem    TEXT,
    PRIMARY KEY (project_id, device)
) STRICT;

-- This device asked to join a project with an invite and waits for someone of the inviting
-- company to let it in.
CREATE TABLE pending_joins (
    project_id      TEXT PRIMARY KEY,
    invite_id       TEXT NOT NULL,
    company         TEXT NOT NULL,
    inviter_company TEXT NOT NULL,
    -- The project's name as the invite said it (nothing of the project is here yet).
    project_name    TEXT NOT NULL,
    asked_at        TEXT NOT NULL
) STRICT;
