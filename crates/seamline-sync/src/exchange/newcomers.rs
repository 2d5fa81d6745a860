//! After a removal, at each sync: the removal's key wrapped to the members admitted by a device
//! that did not hold it yet, so a newcomer reads what follows. Below the sync.

use seamline_store::Workspace;

use super::records::write_sealed;
use crate::envelope::{Keys, Kind, Wrapped};
use crate::error::Result;
use crate::keystore;
use crate::trust::{self, wrap_to, Fact, Roster};

/// A device admitted after a removal by a member that did not hold the removal's key yet
/// lacks it. The remover, who made the key, wraps it to every current member its keys record
/// does not reach yet (each sync), so the newcomer reads what follows.
pub(super) fn wrap_for_newcomers(
    ws: &Workspace,
    dir: &std::path::Path,
    project: &str,
    roster: &Roster,
) -> Result<()> {
    let me = ws.device_id().to_string();
    if !roster.is_current(&me) {
        return Ok(());
    }
    let records = ws.trust().records(project)?;
    let project_keys = ws.trust().project_keys(project)?;
    let mut device_keys = None;
    let mine: Vec<Keys> = records
        .iter()
        .filter(|r| r.device == me)
        .filter_map(|r| match trust::facts::decode(project, r, &project_keys, None)? {
            Fact::Keys { record, .. } => Some(record),
            _ => None,
        })
        .collect();
    for record in &mine {
        let Some(removed) = record.removal.clone() else { continue };
        // The newest version of this record (each rewrite is kept): the one reaching the most.
        let newest = mine
            .iter()
            .filter(|k| k.epoch == record.epoch && k.removal == record.removal)
            .max_by_key(|k| k.recipients.len())
            .unwrap_or(record);
        if !std::ptr::eq(newest, record) {
            continue;
        }
        let missing: Vec<_> =
            roster.current().filter(|m| !record.recipients.iter().any(|w| w.device == m.device)).collect();
        if missing.is_empty() {
            continue;
        }
        let keys = match &device_keys {
            Some(k) => k,
            None => device_keys.insert(keystore::device_keys(ws, &me)?),
        };
        // The key itself, from this device's own wrap of it.
        let Some((_, key)) = trust::keys_for_record(project, record, &me, keys) else { continue };
        let mut recipients: Vec<Wrapped> = record.recipients.clone();
        recipients.extend(
            missing.iter().filter_map(|m| wrap_to(project, record.epoch, &m.device, &m.kex_pk, &key)),
        );
        if recipients.len() == record.recipients.len() {
            continue;
        }
        let Some(old_key) = project_keys.iter().filter(|(e, _)| *e < record.epoch).max_by_key(|(e, _)| *e)
        else {
            continue;
        };
        let rewritten = Keys { epoch: record.epoch, recipients, removal: Some(removed.clone()) };
        write_sealed(
            dir,
            &me,
            &format!("keys-{}-{removed}", record.epoch),
            Kind::Keys,
            &rewritten,
            project,
            keys,
            &old_key.1,
        )?;
    }
    Ok(())
}
