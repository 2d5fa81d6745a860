-- Seamline workspace, schema 16: each company's own holidays (issue 27: a company's calendar
-- is its own fact). `holidays` stays the project's (both companies'); a blocker ages in the
-- business days of the company it waits on: the project's holidays and that company's own.
-- JSON arrays of `YYYY-MM-DD`, as `holidays`.
ALTER TABLE projects ADD COLUMN holidays_ours TEXT;
ALTER TABLE projects ADD COLUMN holidays_partner TEXT;
