-- Seamline workspace, schema 15: what each device's ops say, kept per project as they arrive
-- (issue 29), so no sync reads every op of the project again to learn it:
--   newest_hlc   the device's newest stamp (export asks "anything of mine since my last
--                export?" before it reads the log),
--   newest_made  its newest edit's time, as its clock read it (the status page's "as of" day),
--   ahead_ms     how far ahead of this device's clock its edits were made, at most,
--   behind_ms    how far its stamps ran past its own clock, at most (the Sync screen's clock
--                warnings; the same rules as `Workspace::clock_skews` used to compute).
-- 300000 is `seamline_core::hlc::SKEW_NOTICE_MS`.
ALTER TABLE device_activity ADD COLUMN newest_hlc INTEGER;
ALTER TABLE device_activity ADD COLUMN newest_made INTEGER;
ALTER TABLE device_activity ADD COLUMN ahead_ms INTEGER;
ALTER TABLE device_activity ADD COLUMN behind_ms INTEGER;
UPDATE device_activity SET (newest_hlc, newest_made, ahead_ms, behind_ms) = (
    SELECT max(o.hlc),
           max(coalesce(o.made_at, o.hlc >> 16)),
           max(CASE WHEN o.made_at IS NOT NULL AND o.seen_at IS NOT NULL THEN o.made_at - o.seen_at END),
           max(CASE WHEN o.made_at IS NOT NULL AND o.seen_at IS NOT NULL AND (o.hlc >> 16) <= o.seen_at + 300000
                    THEN (o.hlc >> 16) - o.made_at END)
    FROM ops o WHERE o.project_id = device_activity.project_id AND o.device = device_activity.device
);
