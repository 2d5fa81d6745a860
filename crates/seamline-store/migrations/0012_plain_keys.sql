-- Seamline workspace, schema 12: encrypting a folder shared before encryption (format 1).
-- Each device of a newer Seamline publishes its public keys in its plaintext device.json;
-- the keys each other device published are pinned here at first sight, so that the upgrade
-- to an encrypted folder admits the devices this workspace already synced with, with the keys
-- it saw before, and nobody can slip in other keys at the last moment.
CREATE TABLE plain_keys (
    project_id TEXT NOT NULL,
    device     TEXT NOT NULL,
    sign_pk    BLOB NOT NULL,
    kex_pk     BLOB NOT NULL,
    PRIMARY KEY (project_id, device)
) STRICT;
