//! Removing a device from an encrypted folder (a lost laptop, someone who left): a new
//! project key for what follows, wrapped to every device that stays, and a signed removal
//! that makes every device refuse the removed one's later edits.

use seamline_store::trust::Removal;
use seamline_store::Workspace;

use super::{invite::write_record, now, sync, Identity, SyncReport};
use crate::crypto;
use crate::envelope::{self, Keys, Kind, Wrapped};
use crate::error::{Error, Result};
use crate::keystore;
use crate::trust::{short, wrap_to, Roster};

/// Removes `device` from the project: only a device of the same company, never this one.
/// Its edits made until now stay; any it stamps later are refused, and it cannot read what
/// is written after the new key.
pub fn remove_device(ws: &mut Workspace, project: &str, device: &str, who: &Identity) -> Result<SyncReport> {
    let p = ws.project(project)?;
    let link = ws.sync_link(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    if link.format != 2 {
        return Err(Error::NotAllowed(
            "this project's folder is not encrypted (it was shared before encryption); devices cannot be removed from it".into(),
        ));
    }
    let me = ws.device_id().to_string();
    let mut roster = Roster::from_workspace(ws, &p.id)?;
    if roster.member(device).is_none() {
        // A device that joined since this device last synced.
        sync(ws, &p.id, who)?;
        roster = Roster::from_workspace(ws, &p.id)?;
    }
    let mine = roster.member(&me).ok_or_else(|| {
        Error::NotAllowed(
            "this device is not admitted to the project's folder, so it cannot remove devices".into(),
        )
    })?;
    let target = roster.member(device).ok_or_else(|| {
        Error::BadInvite(format!(
            "device must be one of the project's devices (see `seamline sync devices`); got '{}'",
            device.chars().take(40).collect::<String>()
        ))
    })?;
    if device == me {
        return Err(Error::NotAllowed(
            "a device cannot remove itself; remove it from another of your devices".into(),
        ));
    }
    if target.side != mine.side {
        return Err(Error::NotAllowed(
            "a company removes only its own devices; ask the other company to remove theirs".into(),
        ));
    }
    if roster.removals.contains_key(device) {
        return Err(Error::NotAllowed(format!("device {} is already removed", short(device))));
    }
    let keys = keystore::device_keys(ws, &me)?;
    let epoch =
        ws.project_keys(&p.id)?.iter().map(|(e, _)| *e).max().unwrap_or(0).checked_add(1).ok_or_else(
            || {
                Error::NotAllowed(
                    "the project's keys cannot be replaced any more; share it to a new folder".into(),
                )
            },
        )?;
    let key = crypto::new_key();
    let recipients: Vec<Wrapped> = roster
        .current()
        .filter(|m| m.device != device)
        .filter_map(|m| wrap_to(&p.id, epoch, &m.device, &m.kex_pk, &key))
        .collect();
    let kept: Vec<String> = roster
        .members
        .values()
        .filter(|m| m.admitted_by.as_deref() == Some(device))
        .map(|m| m.device.clone())
        .collect();
    let removal = Removal {
        device: device.to_string(),
        removed_by: me.clone(),
        removed_at: now(ws),
        cut_hlc: ws.max_hlc_of(&p.id, device)?,
        kept: kept.clone(),
        segments: ws.imported_segments_of(&p.id, device)?,
    };
    // The key first: a device that reads the removal can already read what follows it.
    write_record(
        &link.folder,
        &me,
        &format!("keys-{epoch}.sl"),
        Kind::Keys,
        &Keys { epoch, recipients },
        &p.id,
        &keys,
    )?;
    let record = envelope::Removal {
        device: device.to_string(),
        at: removal.removed_at.clone(),
        cut_hlc: removal.cut_hlc,
        kept,
        epoch,
        segments: removal.segments.clone(),
    };
    write_record(&link.folder, &me, &format!("removal-{device}.sl"), Kind::Removal, &record, &p.id, &keys)?;
    ws.add_project_key(&p.id, epoch, &key)?;
    ws.note_removal(&p.id, &removal)?;
    sync(ws, &p.id, who)
}

/// A device admitted after a removal with an invite made before it holds only the keys in
/// that invite. The remover, who made the removal's key, wraps it to every device still in
/// that its keys record does not reach yet (each sync), so the newcomer reads what follows.
pub(super) fn wrap_for_newcomers(
    ws: &Workspace,
    dir: &std::path::Path,
    project: &str,
    roster: &Roster,
    records: &[crate::trust::Record],
) -> Result<()> {
    let me = ws.device_id().to_string();
    let Some(mine) = roster.member(&me) else { return Ok(()) };
    if roster.removals.contains_key(&me) {
        return Ok(());
    }
    let mut device_keys = None;
    for r in records.iter().filter(|r| r.device == me) {
        let Ok((Kind::Keys, record)) = envelope::open::<Keys>(&r.bytes, project, &me, &mine.sign_pk) else {
            continue;
        };
        // Only the record this device keeps for that key (a sync service's copy of it would
        // otherwise be rewritten at every sync).
        let name = format!("keys-{}.sl", record.epoch);
        if !r.file.ends_with(&format!("/{name}")) {
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
        let Some((_, key)) = crate::trust::keys_for_record(project, &record, &me, keys) else { continue };
        let mut recipients = record.recipients.clone();
        recipients.extend(
            missing.iter().filter_map(|m| wrap_to(project, record.epoch, &m.device, &m.kex_pk, &key)),
        );
        // Nothing new (a key that cannot be wrapped to): nothing to rewrite.
        if recipients.len() == record.recipients.len() {
            continue;
        }
        write_record(dir, &me, &name, Kind::Keys, &Keys { epoch: record.epoch, recipients }, project, keys)?;
    }
    Ok(())
}
