-- Seamline workspace, schema 2: local bookkeeping of shared-folder sync. None of these
-- tables is synced or projected; each device keeps its own.

-- The next segment number this device writes to the project's folder.
ALTER TABLE sync_links ADD COLUMN next_seq INTEGER NOT NULL DEFAULT 1;

-- Segments whose ops are in this workspace, by the checksum in their header, so a segment
-- (or a sync service's copy of it, whatever its name) is read once.
CREATE TABLE imported_segments (
    project_id TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    device     TEXT NOT NULL,
    op_count   INTEGER NOT NULL,
    PRIMARY KEY (project_id, checksum)
) STRICT;

-- Segments this device wrote, so it can tell its own files (and copies of them) from files
-- another install wrote under the same device id.
CREATE TABLE exported_segments (
    project_id TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    device     TEXT NOT NULL,
    PRIMARY KEY (project_id, checksum)
) STRICT;

-- Concurrent edits the user has looked at and chose to keep as they are.
CREATE TABLE dismissed_conflicts (
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc, device)
) STRICT;
