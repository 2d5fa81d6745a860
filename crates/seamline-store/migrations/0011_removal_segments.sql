-- Seamline workspace, schema 11: a removed device's files that still count. The removal lists
-- the removed device's segments its remover had read (by checksum); any other segment of the
-- removed device is refused, whatever stamps its ops carry (a removed device still holds its
-- key and could back-date new edits to before its cut).
ALTER TABLE trust_removals ADD COLUMN segments TEXT NOT NULL DEFAULT '[]';
