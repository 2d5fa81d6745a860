//! Ids: UUIDv7 for new rows, UUIDv4 for devices (time-ordered, so they index well), UUIDv5 for rows with a natural
//! key, so two devices creating "the same" row (a RACI cell, a side's signature) merge.

use rusqlite::Connection;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::schema::Entity;

/// The namespace of Seamline's natural-key ids. Never change it: ids derived from it are
/// stored in every workspace and shared folder.
const NAMESPACE: Uuid = Uuid::from_u128(0x5ea3_11e0_7c1d_4d5e_9a3b_0b1e_c0de_5eed);

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// A new device id: random (UUIDv4). A device's id names its directory in every shared folder
/// it writes to, where a time-ordered id would tell the sync service when it was made.
pub fn new_device_id() -> String {
    Uuid::new_v4().to_string()
}

/// The id of the row whose natural key is `parts` (e.g. project id and side).
pub fn natural_id(entity: Entity, parts: &[&str]) -> String {
    let key = format!("{}:{}", entity.as_str(), parts.join(":"));
    Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// The shortest id prefix the command accepts.
pub const MIN_PREFIX: usize = 8;

/// Finds the live row of `entity` whose id is `input` or starts with it (at least eight
/// characters). `field` names the input in error messages.
pub fn resolve(conn: &Connection, entity: Entity, field: &str, input: &str) -> Result<String> {
    resolve_in(conn, entity, field, input, false)
}

/// [`resolve`] among deleted rows (`deleted`) or live ones.
pub fn resolve_in(
    conn: &Connection,
    entity: Entity,
    field: &str,
    input: &str,
    deleted: bool,
) -> Result<String> {
    let wanted = input.trim().to_ascii_lowercase();
    if wanted.len() < MIN_PREFIX || !wanted.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::validation(
            field,
            format!(
                "must be an id or a unique prefix of at least {MIN_PREFIX} hex characters (got '{input}')"
            ),
        ));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {} WHERE id >= ?1 AND id < ?1 || 'g' AND deleted = ?2 LIMIT 2",
        entity.table()
    ))?;
    let found: Vec<String> = stmt
        .query_map(rusqlite::params![&wanted, deleted as i64], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let what = noun(entity);
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::NotFound { what, id: input.to_string() }),
        _ => Err(Error::Ambiguous { what, id: input.to_string() }),
    }
}

/// How an entity is named in messages.
pub fn noun(entity: Entity) -> &'static str {
    match entity {
        Entity::Project => "project",
        Entity::Person => "person",
        Entity::Story => "user story",
        Entity::WorkflowStep => "workflow step",
        Entity::Criterion => "acceptance criterion",
        Entity::Boundary => "boundary",
        Entity::Signoff => "signature",
        Entity::Contract => "contract",
        Entity::FieldMapping => "field mapping",
        Entity::AuthScope => "auth scope",
        Entity::Milestone => "milestone",
        Entity::Workstream => "workstream",
        Entity::RaciCell => "RACI cell",
        Entity::Blocker => "blocker",
        Entity::Decision => "decision",
        Entity::StatusReport => "status report",
        Entity::ChecklistItem => "checklist item",
        Entity::Proposal => "suggestion",
    }
}
