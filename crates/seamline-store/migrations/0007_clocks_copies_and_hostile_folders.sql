-- Seamline workspace, schema 7: wrong clocks, copied workspaces and hostile folders.

-- When an edit was really made, apart from its clock stamp. A stamp only orders edits: after
-- a device has seen a stamp from a clock far ahead, its own stamps continue from there. The
-- time shown to people is the writing device's own clock reading (`made_at`, carried in the
-- shared folder), never later than when this device first had the op (`seen_at`, local).
-- Both are NULL for ops logged before schema 7; readers fall back to the stamp.
ALTER TABLE ops ADD COLUMN made_at INTEGER;
ALTER TABLE ops ADD COLUMN seen_at INTEGER;

-- Files of a shared folder this device refused, by the name it found them under, their size
-- and a fingerprint of their first bytes (the header's checksum for a segment): such a file is
-- reported again without being decoded until it changes.
CREATE TABLE rejected_files (
    project_id  TEXT    NOT NULL,
    file        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    fingerprint TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (project_id, file)
) STRICT;

-- Device ids this workspace wrote under before it took a new one (it found it was a copy, or
-- another install wrote under its id), and how far each had exported per project: the ops it
-- made under an old id and had not exported yet are still written to the folder.
CREATE TABLE handovers (
    project_id      TEXT    NOT NULL,
    device          TEXT    NOT NULL,
    last_export_hlc INTEGER NOT NULL,
    next_seq        INTEGER NOT NULL,
    PRIMARY KEY (project_id, device)
) STRICT;

-- Values received from another device that break the rules local input is held to (too long,
-- control or bidirectional-override characters, an unknown enum value, a number out of range).
-- They stay in the op log; the projection does not use them (a field falls back to empty or
-- its default), and the Sync screen lists them with the reason.
CREATE TABLE invalid_values (
    project_id TEXT    NOT NULL,
    entity     TEXT    NOT NULL,
    row_id     TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    hlc        INTEGER NOT NULL,
    device     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    PRIMARY KEY (entity, row_id, field, hlc, device)
) STRICT;
