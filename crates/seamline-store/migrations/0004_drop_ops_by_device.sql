-- Seamline workspace, schema 4: every query that reads ops by device also names the project,
-- which `ops_by_project_device` (schema 3) serves. The older `(device, hlc)` index only cost
-- a B-tree insert per op, on every edit and every import.
DROP INDEX IF EXISTS ops_by_device;
