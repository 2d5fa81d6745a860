-- Seamline workspace, schema 6: the open blockers of each project, by class and the day they
-- were opened. The portfolio and the project list need only these of every blocker: how many
-- are open, how many are past the threshold and the oldest of each class. This index answers
-- all three without reading a table row (`deleted` and `resolved_on` are carried so that it
-- covers the queries); reading every blocker row of 50 projects was most of the home screen's
-- first computation. It costs an index entry per open blocker on each write of one.
CREATE INDEX blockers_open ON blockers (project_id, class, opened, deleted, resolved_on)
    WHERE deleted = 0 AND resolved_on IS NULL;
