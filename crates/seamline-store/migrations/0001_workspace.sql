-- Seamline workspace, schema 1.
--
-- Two kinds of tables live here:
--  * the op log (`ops`) and local bookkeeping (`meta`, `devices`, `sync_links`), written
--    directly;
--  * projections, one table per entity, which are a pure function of the op log and can be
--    rebuilt from it at any time. Every projection table has the same bookkeeping columns:
--      id           the row's UUID (v7, or v5 from a natural key)
--      project_id   the project the row belongs to
--      deleted      1 when the row is deleted (a `deleted` op newer than every other edit)
--      del_hlc      the HLC of the winning `deleted = true` op, NULL when not deleted
--      touched_hlc  the newest HLC of any other field op on the row
--
-- Projection tables declare no foreign keys between entities on purpose: ops from another
-- device may arrive before the rows they refer to (a sync service delivers files in any
-- order), and a projection must accept every op the log accepts. References are checked by
-- the use cases when a write is made, and reads join through them.
-- Dates are TEXT 'YYYY-MM-DD', instants TEXT RFC 3339, sides and enums their kebab-case spelling.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- One row per field written. The merge rule: for each (entity, row_id, field) the op with
-- the highest (hlc, device) wins. Ops are never updated or deleted: the log is also the
-- project's activity history and keeps the edits that lost a concurrent race.
CREATE TABLE ops (
    hlc         INTEGER NOT NULL,           -- 48-bit wall ms << 16 | 16-bit counter
    device      TEXT    NOT NULL,           -- the device that made the edit
    project_id  TEXT    NOT NULL,           -- lets sync send a folder only its project's ops
    entity      TEXT    NOT NULL,
    row_id      TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    value       TEXT    NOT NULL,           -- JSON
    prev_hlc    INTEGER,                    -- the winning op this edit replaced, if any:
    prev_device TEXT,                       --   two edits with the same prev raced
    PRIMARY KEY (entity, row_id, field, hlc, device)
) STRICT, WITHOUT ROWID;

CREATE INDEX ops_by_project ON ops (project_id, hlc, device);
CREATE INDEX ops_by_device ON ops (device, hlc);

-- Devices seen in this workspace (this one and those met through a shared folder).
CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    user_name   TEXT NOT NULL DEFAULT '',
    app_version TEXT NOT NULL DEFAULT '',
    last_seen   TEXT
) STRICT;

-- Local only: where this device syncs a project. Another device has its own path.
CREATE TABLE sync_links (
    project_id       TEXT PRIMARY KEY NOT NULL,
    folder           TEXT NOT NULL,
    last_export_hlc  INTEGER NOT NULL DEFAULT 0,
    last_sync_at     TEXT
) STRICT;

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    name TEXT, ours TEXT, partner TEXT, archetype TEXT, target_launch TEXT,
    channel_url TEXT, threshold_days INTEGER, sync_day TEXT, holidays TEXT,
    owner_ours TEXT, owner_partner TEXT, escalation_ours TEXT, escalation_partner TEXT,
    created_at TEXT, wizard_step TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    side TEXT, name TEXT, email TEXT, title TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX people_by_project ON people (project_id);

CREATE TABLE stories (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    text TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX stories_by_project ON stories (project_id);

CREATE TABLE workflow_steps (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    text TEXT, side TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX workflow_steps_by_project ON workflow_steps (project_id);

CREATE TABLE criteria (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    story_id TEXT, text TEXT, cut TEXT, met_on TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX criteria_by_project ON criteria (project_id);

CREATE TABLE boundaries (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    text TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX boundaries_by_project ON boundaries (project_id);

-- id = UUIDv5(project × side): two devices signing for one side merge into one row.
CREATE TABLE signoffs (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    side TEXT, person_id TEXT, signed_at TEXT, scope_hash TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX signoffs_by_project ON signoffs (project_id);

-- id = UUIDv5(project): one contract per project.
CREATE TABLE contracts (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    objects TEXT, direction TEXT, latency_target TEXT, retry_window TEXT, alerting TEXT,
    auth_method TEXT, idempotency_key TEXT, notes TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX contracts_by_project ON contracts (project_id);

CREATE TABLE field_mappings (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    object TEXT, partner_field TEXT, partner_type TEXT, our_field TEXT, our_type TEXT,
    allowed_values TEXT, value_map TEXT, default_value TEXT, source_of_truth TEXT,
    position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX field_mappings_by_project ON field_mappings (project_id);

CREATE TABLE auth_scopes (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    scope TEXT, description TEXT, justification TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX auth_scopes_by_project ON auth_scopes (project_id);

CREATE TABLE milestones (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    track TEXT, kind TEXT, title TEXT, planned TEXT, done_on TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX milestones_by_project ON milestones (project_id);

CREATE TABLE workstreams (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    name TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX workstreams_by_project ON workstreams (project_id);

-- id = UUIDv5(workstream × side).
CREATE TABLE raci_cells (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    workstream_id TEXT, side TEXT, letter TEXT, person_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX raci_cells_by_project ON raci_cells (project_id);

CREATE TABLE blockers (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    title TEXT, class TEXT, waiting_on TEXT, owner_id TEXT, opened TEXT, due TEXT,
    resolved_on TEXT, resolution TEXT, escalated_at TEXT, escalated_to TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX blockers_by_project ON blockers (project_id);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    question TEXT, decision TEXT, decided_by TEXT, decided_on TEXT, blocker_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX decisions_by_project ON decisions (project_id);

CREATE TABLE status_reports (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    week TEXT, body TEXT, published_at TEXT,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX status_reports_by_project ON status_reports (project_id);

CREATE TABLE checklist_items (
    id TEXT PRIMARY KEY NOT NULL, project_id TEXT,
    list TEXT, text TEXT, done INTEGER, note TEXT, position REAL,
    deleted INTEGER NOT NULL DEFAULT 0, del_hlc INTEGER, touched_hlc INTEGER
);
CREATE INDEX checklist_items_by_project ON checklist_items (project_id);
