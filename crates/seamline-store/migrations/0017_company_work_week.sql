-- Seamline workspace, schema 17: each company's own work week (issue 27: a company's calendar
-- is its own fact). Text naming the days, Monday first (`mon,tue,wed,thu,fri`); empty or
-- unreadable reads as Monday to Friday, the week every project had before.
ALTER TABLE projects ADD COLUMN work_week_ours TEXT;
ALTER TABLE projects ADD COLUMN work_week_partner TEXT;
