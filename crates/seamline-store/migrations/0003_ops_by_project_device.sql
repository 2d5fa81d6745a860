-- Seamline workspace, schema 3: exporting a project's ops for this device reads them by
-- (project, device, hlc); without this index it scanned every op the device ever made.
CREATE INDEX ops_by_project_device ON ops (project_id, device, hlc);
