-- Seamline workspace, schema 5: one index of ops by project instead of two. Reading a
-- device's ops of a project since a stamp (what export asks) walks `ops_by_project`
-- (project, hlc, device) from that stamp on, a short walk; the `(project, device, hlc)` index
-- of schema 3 cost a B-tree insert for every op, on every edit and every import.
DROP INDEX IF EXISTS ops_by_project_device;
